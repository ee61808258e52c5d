import KmemCLI

// Thin entry point: everything lives in KmemCLI.
Kmemguide.main()
