commit=9fd1033\ \(committed\ tree\)
started=2026-11-26\ 02:00\ UTC
duration=10\ min\ 38\ s
