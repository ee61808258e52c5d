// The terminal quiz: see Quiz.swift.
