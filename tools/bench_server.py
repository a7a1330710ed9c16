"""A leadgate server for the Python benchmarks (tools/bench-*): started on a free port in its own
temp directory with the per-token rate limits lifted, read its admin token, stopped by its pid."""
import http.client
import os
import re
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request


def request(base, method, path, token, body=None, content_type="application/json", timeout=900):
    """One request on a new connection: (status, body bytes), HTTP errors included."""
    data = body.encode() if isinstance(body, str) else body
    req = urllib.request.Request(base + path, data=data, method=method)
    req.add_header("Authorization", "Bearer " + token)
    if data is not None:
        req.add_header("Content-Type", content_type)
    try:
        with urllib.request.urlopen(req, timeout=timeout) as res:
            return res.status, res.read()
    except urllib.error.HTTPError as e:
        return e.code, e.read()


class Server:
    def __init__(self, binary, tmp, sets=(), name="bench"):
        self.dir = tempfile.mkdtemp(dir=tmp)
        self.log = os.path.join(self.dir, "leadgate.err")
        command = [binary, "serve", "--data-dir", os.path.join(self.dir, "data"), "--listen", "127.0.0.1",
                   "--port", "0", "--set", "log.level=info", "--set", "limits.token_requests_per_second=1000000",
                   "--set", "limits.token_burst=1000000"]
        for setting in sets:
            command += ["--set", setting]
        with open(self.log, "w") as err:
            self.proc = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=err)
        self.port = None
        token_file = os.path.join(self.dir, "data", "admin-token")
        for _ in range(300):
            with open(self.log) as f:
                m = re.search(r'"event":"listening".*"port":"(\d+)"', f.read())
            if m and os.path.exists(token_file) and os.path.getsize(token_file) > 0:
                self.port = int(m.group(1))
                break
            if self.proc.poll() is not None:
                break
            time.sleep(0.1)
        if not self.port:
            self.stop()
            sys.exit(f"{name}: the server did not start; see {self.log}")
        self.base = f"http://127.0.0.1:{self.port}"
        with open(token_file) as f:
            self.admin = f.read().strip()
        self.conn = http.client.HTTPConnection("127.0.0.1", self.port)

    def call(self, method, path, token, body=None):
        """One request on the server's kept-alive connection: (status, body bytes)."""
        headers = {"Authorization": "Bearer " + token}
        if body is not None:
            headers["Content-Type"] = "application/json"
        self.conn.request(method, path, body=body, headers=headers)
        res = self.conn.getresponse()
        return res.status, res.read()

    def stop(self):
        self.proc.terminate()
        try:
            self.proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
