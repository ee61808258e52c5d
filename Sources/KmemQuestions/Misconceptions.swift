public enum Misconceptions { public static let catalog: [String: Localized] = [:] }
