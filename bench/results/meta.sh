commit=1295cfd\ \(committed\ tree\)
started=2026-11-26\ 00:37\ UTC
duration=10\ min\ 18\ s
