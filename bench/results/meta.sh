commit=3ce914a\ \(committed\ tree\)
started=2026-11-25\ 23:34\ UTC
duration=10\ min\ 25\ s
