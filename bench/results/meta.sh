commit=f0f10ab\ \(committed\ tree\)
started=2026-11-23\ 18:46\ UTC
duration=10\ min\ 56\ s
