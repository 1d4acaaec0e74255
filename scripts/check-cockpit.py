#!/usr/bin/env python3
"""Opens the cockpit in a real browser (headless Chromium) against `liaison dev --demo`.

Starts the demo with an admin token, drives Chromium through the DevTools protocol (a minimal
WebSocket client below: the standard library has none), logs in through the page's form
(the cookie path), and fails unless

- the league table lists the demo units, and each row's numbers equal the `liaison.metrics`
  record of the same unit and snapshot time (read with kcat) and `/v1/cockpit`;
- the overdue list is not empty, and a case link opens that case's timeline;
- a live update arrives over Server-Sent Events after the first render;
- the English toggle switches the page's language; the trend shows 30 days; the league
  switches to the rolling-30-days window;
- no JavaScript error or failed request happened (exceptions, console errors, `#errors`).

It saves a screenshot as a test artefact (`--artifacts`, default .build/cockpit-artifacts).

Usage: scripts/check-cockpit.py --liaison PATH [--chromium /usr/bin/chromium] [--warmup 30]
"""
import argparse
import base64
import json
import os
import secrets
import signal
import socket
import struct
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


class WebSocket:
    """Just enough RFC 6455 for the DevTools protocol: text frames, client masking."""

    def __init__(self, url, timeout=30):
        parts = urllib.parse.urlparse(url)
        self.sock = socket.create_connection((parts.hostname, parts.port), timeout=timeout)
        key = base64.b64encode(os.urandom(16)).decode()
        request = (f"GET {parts.path} HTTP/1.1\r\nHost: {parts.hostname}:{parts.port}\r\nUpgrade: websocket\r\n"
                   f"Connection: Upgrade\r\nSec-WebSocket-Key: {key}\r\nSec-WebSocket-Version: 13\r\n\r\n")
        self.sock.sendall(request.encode())
        response = b""
        while b"\r\n\r\n" not in response:
            chunk = self.sock.recv(4096)
            if not chunk:
                raise RuntimeError("DevTools closed the connection during the handshake")
            response += chunk
        if b" 101 " not in response.split(b"\r\n", 1)[0]:
            raise RuntimeError(f"DevTools refused the WebSocket: {response[:200]!r}")
        self.buffer = response.split(b"\r\n\r\n", 1)[1]

    def send(self, text):
        payload = text.encode()
        header = bytearray([0x81])
        if len(payload) < 126:
            header.append(0x80 | len(payload))
        elif len(payload) < 65536:
            header.append(0x80 | 126)
            header += struct.pack(">H", len(payload))
        else:
            header.append(0x80 | 127)
            header += struct.pack(">Q", len(payload))
        mask = os.urandom(4)
        self.sock.sendall(bytes(header) + mask + bytes(b ^ mask[i % 4] for i, b in enumerate(payload)))

    def _read(self, count):
        while len(self.buffer) < count:
            chunk = self.sock.recv(65536)
            if not chunk:
                raise RuntimeError("DevTools closed the connection")
            self.buffer += chunk
        data, self.buffer = self.buffer[:count], self.buffer[count:]
        return data

    def receive(self):
        message = b""
        while True:
            first, second = self._read(2)
            length = second & 0x7F
            if length == 126:
                length = struct.unpack(">H", self._read(2))[0]
            elif length == 127:
                length = struct.unpack(">Q", self._read(8))[0]
            mask = self._read(4) if second & 0x80 else None
            data = self._read(length)
            if mask:
                data = bytes(b ^ mask[i % 4] for i, b in enumerate(data))
            opcode = first & 0x0F
            if opcode == 0x8:
                raise RuntimeError("DevTools closed the connection")
            if opcode in (0x9, 0xA):
                continue
            message += data
            if first & 0x80:
                return message.decode()


class DevTools:
    def __init__(self, url):
        self.ws = WebSocket(url)
        self.next_id = 0
        self.events = []
        self.login_mark = 0

    def call(self, method, **params):
        self.next_id += 1
        self.ws.send(json.dumps({"id": self.next_id, "method": method, "params": params}))
        while True:
            message = json.loads(self.ws.receive())
            if message.get("id") == self.next_id:
                if "error" in message:
                    raise RuntimeError(f"{method}: {message['error']}")
                return message.get("result", {})
            self.events.append(message)

    def evaluate(self, expression):
        result = self.call("Runtime.evaluate", expression=expression, returnByValue=True, awaitPromise=True)
        if "exceptionDetails" in result:
            raise RuntimeError(f"evaluating {expression[:60]!r}: {result['exceptionDetails'].get('text')}")
        return result["result"].get("value")

    def problems(self):
        found = []
        for event in self.events:
            method, params = event.get("method"), event.get("params", {})
            if method == "Runtime.exceptionThrown":
                details = params.get("exceptionDetails", {})
                found.append("exception: " + (details.get("exception", {}).get("description") or details.get("text", "")))
            elif method == "Runtime.consoleAPICalled" and params.get("type") == "error":
                found.append("console.error: " + " ".join(str(a.get("value", a.get("description", ""))) for a in params.get("args", [])))
            elif method == "Log.entryAdded" and params.get("entry", {}).get("level") == "error":
                entry = params["entry"]
                # The login form is answered 401 by design, before logging in.
                if "401" in entry.get("text", "") and self.events.index(event) < self.login_mark:
                    continue
                found.append("log: " + entry.get("text", "") + " " + entry.get("url", ""))
        return found


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_until(what, check, timeout, interval=0.5):
    deadline = time.time() + timeout
    while time.time() < deadline:
        value = check()
        if value:
            return value
        time.sleep(interval)
    raise AssertionError(f"timed out waiting for {what}")


def metrics_records(bootstrap):
    out = subprocess.run(["kcat", "-b", bootstrap, "-C", "-t", "liaison.metrics", "-o", "beginning", "-e", "-q", "-J"],
                         capture_output=True, text=True, timeout=120).stdout
    records = {}
    for line in out.splitlines():
        if line.startswith("{"):
            record = json.loads(line)
            data = json.loads(record["payload"])
            records[(record["key"], data["at"])] = data
    return records


def same(a, b):
    if a is None or b is None or a == "" or b == "":
        return (a in (None, "")) and (b in (None, ""))
    return abs(float(a) - float(b)) < 1e-9


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--liaison", required=True)
    parser.add_argument("--chromium", default="/usr/bin/chromium")
    parser.add_argument("--warmup", type=int, default=30, help="seconds of demo traffic before the browser opens the page")
    parser.add_argument("--artifacts", default=os.path.join(ROOT, ".build", "cockpit-artifacts"))
    args = parser.parse_args()
    os.makedirs(args.artifacts, exist_ok=True)
    started = time.time()
    state = tempfile.mkdtemp(prefix="liaison-cockpit-")
    token = secrets.token_urlsafe(16)
    admin = free_port()
    env = dict(os.environ, LIAISON_METRICS_INTERVAL="5s", LIAISON_ADMIN_LISTEN=f"127.0.0.1:{admin}", LIAISON_ADMIN_TOKEN=token)
    log = open(os.path.join(args.artifacts, "liaison-dev.log"), "w")
    daemon = subprocess.Popen([args.liaison, "dev", "--demo", "--fresh", "--quiet", "--demo-interval", "1", "--state-dir", state],
                              stdout=log, stderr=subprocess.STDOUT, env=env, cwd=ROOT)
    browser = None
    try:
        bootstrap_file = os.path.join(state, "bootstrap")
        wait_until("liaison dev to start", lambda: os.path.exists(bootstrap_file) or daemon.poll() is not None, 60)
        if daemon.poll() is not None:
            sys.exit("liaison dev stopped; see " + log.name)
        bootstrap = open(bootstrap_file).read().strip()
        base = f"http://127.0.0.1:{admin}"
        print(f"== liaison dev --demo, admin at {base}; {args.warmup} s of demo traffic first")
        time.sleep(args.warmup)

        debug = free_port()
        profile = tempfile.mkdtemp(prefix="liaison-chromium-")
        browser = subprocess.Popen([args.chromium, "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                                    f"--remote-debugging-port={debug}", f"--user-data-dir={profile}", "--window-size=1400,1100",
                                    "about:blank"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        targets = wait_until("Chromium's DevTools", lambda: _targets(debug), 30)
        page = next(t for t in targets if t.get("type") == "page")
        tools = DevTools(page["webSocketDebuggerUrl"])
        for domain in ("Runtime", "Page", "Log"):
            tools.call(f"{domain}.enable")

        # Log in through the form: the page is behind the admin token.
        tools.call("Page.navigate", url=base + "/cockpit")
        wait_until("the login form", lambda: tools.evaluate("!!document.querySelector('form[action=\"/cockpit/login\"]')"), 15)
        tools.evaluate(f"document.querySelector('input[name=token]').value = {json.dumps(token)}; "
                       "document.querySelector('form').submit(); true")
        wait_until("the cockpit after logging in", lambda: tools.evaluate("!!document.getElementById('league')"), 15)
        tools.login_mark = len(tools.events)

        read = ("(() => ({rendered: +document.body.dataset.rendered, live: +document.body.dataset.live, at: document.body.dataset.at,"
                " errors: document.getElementById('errors').textContent, title: document.querySelector('h1').textContent,"
                " overdue: document.querySelectorAll('#overdue tr[data-case]').length,"
                " firstCase: (document.querySelector('#overdue tr[data-case]') || {dataset: {}}).dataset.case,"
                " rows: [...document.querySelectorAll('#league tbody tr')].map(r => ({...r.dataset}))}))()")
        first = wait_until("the first render", lambda: (lambda s: s if s["rendered"] >= 1 and s["at"] else None)(tools.evaluate(read)), 30)
        live = wait_until("a live update over Server-Sent Events", lambda: (lambda s: s if s["live"] >= 2 else None)(tools.evaluate(read)), 30)
        print(f"== page rendered {live['rendered']} times, {live['live']} live updates; snapshot {live['at']}")
        failures = []
        if live["errors"]:
            failures.append("the page reported: " + live["errors"])

        # The league table against liaison.metrics (same snapshot time) and /v1/cockpit.
        records = metrics_records(bootstrap)
        if not any(at == live["at"] for _, at in records):
            time.sleep(3)
            records = metrics_records(bootstrap)
        request = urllib.request.Request(base + "/v1/cockpit", headers={"Authorization": f"Bearer {token}"})
        v1 = json.load(urllib.request.urlopen(request, timeout=10))
        demo_units = {key.split("/", 1)[1] for key, at in records if key.startswith("unit/") and key.count("/") == 1 and at == live["at"]}
        listed = {row["unit"] for row in live["rows"]}
        if not demo_units or listed != demo_units:
            failures.append(f"league lists {sorted(listed)}, liaison.metrics has {sorted(demo_units)} at {live['at']}")
        v1_units = {u["id"]: u["metrics"] for u in v1["units"]}
        compared = 0
        for row in live["rows"]:
            record = records.get((f"unit/{row['unit']}", live["at"]))
            if record is None:
                failures.append(f"no liaison.metrics record for unit/{row['unit']} at {live['at']}")
                continue
            expected = {"ontime": record["onTimeRate"], "overdue": record["tasks"]["overdue"], "escalations": record["escalations"],
                        "declines": record["declines"], "rating": record["rating"]["mean"]}
            for field, value in expected.items():
                if not same(row.get(field), value):
                    failures.append(f"{row['unit']} {field}: page {row.get(field)!r}, liaison.metrics {value!r}")
            compared += 1
            if v1["at"] == live["at"]:
                m = v1_units.get(row["unit"])
                if m is None or not same(row.get("overdue"), m["tasks"]["overdue"]) or not same(row.get("ontime"), m["onTimeRate"]):
                    failures.append(f"{row['unit']}: page and /v1/cockpit differ")
        for unit, m in v1_units.items():
            record = records.get((f"unit/{unit}", v1["at"]))
            if record is not None and record != m:
                failures.append(f"/v1/cockpit {unit} differs from liaison.metrics at {v1['at']}")
        windows = [(u["id"], name, data) for u in v1["units"] for name, data in (u.get("windows") or {}).items()]
        for unit, name, data in windows:
            key = f"unit/{unit}/{data.get('window')}"
            if records.get((key, v1["at"]), data) != data:
                failures.append(f"/v1/cockpit {unit} {name} differs from liaison.metrics {key}")
        if not any(name == "rolling30" for _, name, _ in windows):
            failures.append("/v1/cockpit has no rolling-30-days windows")
        print(f"== league table: {compared} units match liaison.metrics at {live['at']}; /v1/cockpit at {v1['at']}")
        if live["overdue"] == 0:
            failures.append("the overdue list is empty")

        tools.call("Page.captureScreenshot", format="png")  # warm the compositor
        shot = tools.call("Page.captureScreenshot", format="png", captureBeyondViewport=True)
        path = os.path.join(args.artifacts, "cockpit.png")
        open(path, "wb").write(base64.b64decode(shot["data"]))
        print(f"== screenshot saved: {path}")

        # A case from the overdue list opens with its timeline.
        if live["firstCase"]:
            tools.evaluate("document.querySelector('#overdue tr[data-case] a').click(); true")
            entries = wait_until("the case timeline", lambda: tools.evaluate("document.querySelectorAll('#timeline li').length"), 15)
            print(f"== case {live['firstCase']}: {entries} timeline entries")
            shot = tools.call("Page.captureScreenshot", format="png")
            open(os.path.join(args.artifacts, "case.png"), "wb").write(base64.b64decode(shot["data"]))
            tools.evaluate("location.hash = ''; true")

        # The trend has its 30 days; the league switches to a window and back.
        days = tools.evaluate("document.getElementById('trend').dataset.days")
        if days != "30":
            failures.append(f"the trend shows {days!r} days, not 30")
        windowed = tools.evaluate("(() => { const p = document.getElementById('period'); p.value = 'rolling30';"
                                  " p.dispatchEvent(new Event('change')); const n = document.querySelectorAll('#league tbody tr').length;"
                                  " p.value = 'total'; p.dispatchEvent(new Event('change')); return n; })()")
        if windowed != len(live["rows"]):
            failures.append(f"the rolling-30-days league lists {windowed} units, the totals {len(live['rows'])}")

        tools.evaluate("document.getElementById('lang').click(); true")
        title = wait_until("the English page", lambda: (lambda s: s["title"] if s["title"] == "Collaboration cockpit" else None)(tools.evaluate(read)), 10)
        tools.evaluate("document.getElementById('lang').click(); true")
        after = tools.evaluate(read)
        if after["errors"]:
            failures.append("the page reported: " + after["errors"])
        failures += tools.problems()
        print(f"== took {time.time() - started:.0f} s")
        if failures:
            print("== cockpit failures:")
            for line in failures[:40]:
                print("   " + line)
            sys.exit(1)
        print(f"== the cockpit works in Chromium: {len(listed)} units, {live['overdue']} overdue tasks, live updates, '{title}' toggle")
    finally:
        if browser:
            browser.kill()
            browser.wait()
        daemon.send_signal(signal.SIGINT)
        try:
            daemon.wait(timeout=60)
        except subprocess.TimeoutExpired:
            daemon.kill()


def _targets(port):
    try:
        return json.load(urllib.request.urlopen(f"http://127.0.0.1:{port}/json/list", timeout=2)) or None
    except OSError:
        return None


if __name__ == "__main__":
    main()
