commit=9da6139\ \(committed\ tree\)
started=2026-11-23\ 18:08\ UTC
duration=9\ min\ 50\ s
