"""Measures `rapport serve` latency: from writing a page to the reload
message reaching a connected client. Usage:

    python3 tests/bench/serve_latency.py RAPPORT SITE_DIR EDITS

Starts the server on a free port, connects to its event stream, appends a
line to one page EDITS times, and prints p50, p95 and max in milliseconds.
Then, five times, saves once and waits for the server to say the search
index is current ("search index updated in N ms"): the time from the save
to the new index being served, and the indexing alone.
"""
import os
import re
import socket
import statistics
import subprocess
import sys
import threading
import time

rapport, site, edits = sys.argv[1], sys.argv[2], int(sys.argv[3])
server = subprocess.Popen(
    [rapport, "serve", "--port", "0", "--root", site],
    stdout=subprocess.PIPE,
    stderr=subprocess.DEVNULL,
    text=True,
)
try:
    port = None
    while port is None:
        line = server.stdout.readline()
        if not line:
            sys.exit("rapport serve exited before printing its address")
        match = re.search(r"http://127\.0\.0\.1:(\d+)/", line)
        if match:
            port = int(match.group(1))
    # The server's later lines, each with when it arrived.
    said = []

    def listen():
        for line in server.stdout:
            said.append((time.perf_counter(), line))

    threading.Thread(target=listen, daemon=True).start()
    events = socket.create_connection(("127.0.0.1", port))
    events.sendall(b"GET /__rapport/events HTTP/1.1\r\nHost: localhost\r\nAccept: text/event-stream\r\n\r\n")
    buffer = b""

    def read_line():
        global buffer
        while b"\n" not in buffer:
            chunk = events.recv(65536)
            if not chunk:
                sys.exit("the event stream closed")
            buffer += chunk
        line, buffer = buffer.split(b"\n", 1)
        return line + b"\n"

    def drain():
        """Drops messages already sent (one save can cause more than one rebuild)."""
        global buffer
        events.setblocking(False)
        try:
            while True:
                chunk = events.recv(65536)
                if not chunk:
                    break
        except BlockingIOError:
            pass
        events.setblocking(True)
        buffer = b""

    while read_line() not in (b"\r\n", b"\n"):
        pass  # response headers
    time.sleep(0.5)

    page = None
    for directory, _, files in sorted(os.walk(os.path.join(site, "content"))):
        for name in sorted(files):
            if name.endswith(".md") and not name.startswith("_"):
                page = os.path.join(directory, name)
                break
        if page:
            break
    original = open(page, encoding="utf-8").read()
    latencies = []
    for i in range(edits):
        time.sleep(0.3)  # let the watcher settle, as between real saves
        drain()
        start = time.perf_counter()
        with open(page, "w", encoding="utf-8") as f:
            f.write(original + "\nEdit number %d.\n" % i)
        while True:
            line = read_line()
            if line.startswith(b"data:"):
                if b'"reload"' in line:
                    break
                if b'"type":"findings"' in line:
                    continue  # check findings, sent beside the reload
                sys.exit("unexpected message: %r" % line[:300])
        latencies.append((time.perf_counter() - start) * 1000)
    latencies.sort()
    p95 = latencies[min(len(latencies) - 1, int(round(0.95 * (len(latencies) - 1))))]
    print("%d edits: p50 %.0f ms, p95 %.0f ms, max %.0f ms" % (len(latencies), statistics.median(latencies), p95, latencies[-1]))

    current, indexing = [], []
    for i in range(5):
        time.sleep(2.0)  # the index of the edits above is done
        seen = len(said)
        start = time.perf_counter()
        with open(page, "w", encoding="utf-8") as f:
            f.write(original + "\nSearch edit number %d.\n" % i)
        while time.perf_counter() - start < 60:
            found = [(t, l) for t, l in said[seen:] if "search index updated in" in l]
            if found:
                t, line = found[-1]
                current.append((t - start) * 1000)
                indexing.append(float(re.search(r"in ([\d.]+) ms", line).group(1)))
                break
            time.sleep(0.01)
        else:
            sys.exit("the search index was not updated within 60 s")
    with open(page, "w", encoding="utf-8") as f:
        f.write(original)
    print("         search index current after a save: p50 %.0f ms, max %.0f ms (indexing p50 %.0f ms; it waits %s ms for saves to pause)" % (
        statistics.median(current), max(current), statistics.median(indexing), "300"))
finally:
    server.kill()
