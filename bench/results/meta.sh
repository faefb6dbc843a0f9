commit=dee1f6d\ \(committed\ tree\)
started=2026-11-23\ 20:01\ UTC
duration=9\ min\ 41\ s
