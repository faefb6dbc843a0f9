commit=ebed55a\ \(committed\ tree\)
started=2026-11-23\ 18:38\ UTC
duration=6\ min\ 33\ s
