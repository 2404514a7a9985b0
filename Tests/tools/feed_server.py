#!/usr/bin/env python3
"""A feed server for tests, on loopback only: serves files from a folder with ETag and
Last-Modified, answers conditional GETs with 304, and counts requests.

Usage: feed_server.py FOLDER  -> prints the port it listens on, then serves until killed.
GET /__requests returns how many feed requests were served (200 or 304).
"""
import email.utils
import hashlib
import http.server
import os
import signal
import sys

FOLDER = sys.argv[1]
COUNT = {"requests": 0}


class Handler(http.server.BaseHTTPRequestHandler):
    def log_message(self, *args):
        pass

    def do_GET(self):
        if self.path == "/__requests":
            body = str(COUNT["requests"]).encode()
            self.send_response(200)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
            return
        path = os.path.join(FOLDER, self.path.lstrip("/"))
        if not os.path.isfile(path):
            self.send_response(404)
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        COUNT["requests"] += 1
        data = open(path, "rb").read()
        etag = '"' + hashlib.sha1(data).hexdigest() + '"'
        modified = email.utils.formatdate(os.path.getmtime(path), usegmt=True)
        if self.headers.get("If-None-Match") == etag or (
            self.headers.get("If-None-Match") is None and self.headers.get("If-Modified-Since") == modified
        ):
            self.send_response(304)
            self.send_header("ETag", etag)
            self.end_headers()
            return
        self.send_response(200)
        self.send_header("ETag", etag)
        self.send_header("Last-Modified", modified)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)


# The test runner may hand us an ignored SIGTERM; ask for the default so we can be stopped.
signal.signal(signal.SIGTERM, signal.SIG_DFL)
server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
print(server.server_address[1], flush=True)
server.serve_forever()
