#!/usr/bin/env python3
"""`kuiperlint server` as an editor sees it: how long after a one-character edit inside one rule
of a large bundle its diagnostics come back, and how long opening the bundle takes against
`kuiperlint check` on the same file.

The client is this script, over the server's stdin/stdout with the protocol's own framing, as
an editor's LSP client talks to it; nothing in the server is instrumented. Each edit changes one
character inside the SQL of a rule picked at random (a field name becomes one the stream does
not declare, or back), sent as a didChange with the range of that character, as an editor
sends it (with `--full`: the whole text instead), and is timed until the first
publishDiagnostics of that version. Two rhythms:
  - pause: the next edit waits until the whole check after the last one has published (someone
    who types a character and looks);
  - burst: an edit every 40 ms regardless, eight at one place, then at another rule (someone
    typing), so edits arrive while a whole check runs and now and then two at once.

Usage: benches/lsp_edit.py [--full] [RULES] [EDITS]   (defaults 10000 and 40; needs a release build and
`target/release/examples/gen_bundle`: `cargo build --release --examples`). Numbers:
docs/performance.md.
"""
import bisect
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import queue

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BIN = os.path.join(ROOT, "target/release/kuiperlint")
GEN = os.path.join(ROOT, "target/release/examples/gen_bundle")


class Client:
    def __init__(self, workspace):
        self.proc = subprocess.Popen(
            [BIN, "server"], stdin=subprocess.PIPE, stdout=subprocess.PIPE
        )
        self.messages = queue.Queue()
        threading.Thread(target=self._read, daemon=True).start()
        self.next_id = 0
        self.request(
            "initialize",
            {"processId": os.getpid(), "rootUri": "file://" + workspace, "capabilities": {}},
        )
        self.notify("initialized", {})

    def _read(self):
        out = self.proc.stdout
        while True:
            length = None
            while True:
                line = out.readline()
                if not line:
                    return
                line = line.strip()
                if not line:
                    break
                name, _, value = line.partition(b":")
                if name.lower() == b"content-length":
                    length = int(value)
            body = json.loads(out.read(length))
            self.messages.put((time.perf_counter(), body))

    def send(self, message):
        """Sends a message; returns when it was written out."""
        body = json.dumps(message).encode()
        self.proc.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
        self.proc.stdin.flush()
        return time.perf_counter()

    def notify(self, method, params):
        return self.send({"jsonrpc": "2.0", "method": method, "params": params})

    def request(self, method, params):
        self.next_id += 1
        self.send({"jsonrpc": "2.0", "id": self.next_id, "method": method, "params": params})
        while True:
            _, m = self.messages.get(timeout=120)
            if m.get("id") == self.next_id and "method" not in m:
                return m.get("result")

    def published(self, uri, version, timeout=120):
        """The time of the next publishDiagnostics of `uri` at `version`, and its diagnostics."""
        while True:
            at, m = self.messages.get(timeout=timeout)
            if (
                m.get("method") == "textDocument/publishDiagnostics"
                and m["params"]["uri"] == uri
                and m["params"].get("version") == version
            ):
                return at, m["params"]["diagnostics"]

    def quiet(self, seconds=1.5):
        """Drains what the server sends until it has been silent for `seconds`."""
        while True:
            try:
                self.messages.get(timeout=seconds)
            except queue.Empty:
                return

    def stop(self):
        self.request("shutdown", None)
        self.notify("exit", None)
        self.proc.wait(timeout=30)


def quantiles(ms):
    ms = sorted(ms)
    return "median %.1f ms, p90 %.1f ms, max %.1f ms (%d times)" % (
        statistics.median(ms),
        ms[int(0.9 * (len(ms) - 1))],
        ms[-1],
        len(ms),
    )


def main():
    args = sys.argv[1:]
    full = "--full" in args
    args = [a for a in args if a != "--full"]
    rules = int(args[0]) if len(args) > 0 else 10000
    edits = int(args[1]) if len(args) > 1 else 40
    work = tempfile.mkdtemp()
    path = os.path.join(work, "bundle.json")
    with open(path, "w") as f:
        subprocess.run([GEN, "--rules", str(rules), "--seed", "1"], stdout=f, check=True)
    text = open(path).read()
    uri = "file://" + path

    start = time.perf_counter()
    subprocess.run([BIN, "check", "--format", "concise", path], stdout=subprocess.DEVNULL)
    check_ms = (time.perf_counter() - start) * 1000

    client = Client(work)
    start = client.notify(
        "textDocument/didOpen",
        {"textDocument": {"uri": uri, "languageId": "json", "version": 1, "text": text}},
    )
    at, found = client.published(uri, 1)
    open_ms = (at - start) * 1000
    client.quiet()

    # Where a one-character edit can go: the `d` of every `deviceId` inside a rule's SQL
    # (`deviceId` -> `deviceIx`, a field no stream declares, and back).
    rules_at = text.index('"rules"')
    spots = [
        i + len("SELECT device")
        for i in range(rules_at, len(text))
        if text.startswith("SELECT deviceId", i)
    ]
    line_starts = [0] + [i + 1 for i, c in enumerate(text) if c == "\n"]

    def position(offset):
        """The LSP position of `offset` (a one-character edit moves no line)."""
        line = bisect.bisect_right(line_starts, offset) - 1
        column = len(current[line_starts[line] : offset].encode("utf-16-le")) // 2
        return {"line": line, "character": column}

    rng = random.Random(1)
    version = 1
    results = {}
    differ = 0
    current = text
    for rhythm in ("pause", "burst"):
        times = []
        for n in range(edits):
            # Pausing, each edit goes to another rule; typing, eight go to one place.
            if rhythm == "pause" or n % 8 == 0:
                spot = rng.choice(spots)
            letter = "x" if current[spot + 1] == "d" else "d"
            at = {"start": position(spot + 1), "end": position(spot + 2)}
            current = current[: spot + 1] + letter + current[spot + 2 :]
            version += 1
            change = {"text": current} if full else {"range": at, "text": letter}
            # From when the edit is on the pipe: encoding 3 MB of JSON is the client's part.
            sent = client.notify(
                "textDocument/didChange",
                {"textDocument": {"uri": uri, "version": version}, "contentChanges": [change]},
            )
            at, first = client.published(uri, version)
            times.append((at - sent) * 1000)
            if rhythm == "pause":
                _, whole = client.published(uri, version)
                differ += first != whole
            else:
                time.sleep(max(0.0, 0.040 - (time.perf_counter() - sent)))
        client.quiet()
        results[rhythm] = times

    # Requests on the settled document: hover on a rule's `sql` key (its schema description,
    # through the bundle's escapes), go to definition from a rule's FROM, and "fix all" as an
    # editor asks for it on save.
    keys = [i + 2 for i in range(rules_at, len(current)) if current.startswith('\\"sql\\"', i)]
    hovers = []
    for spot in rng.sample(keys, min(20, len(keys))):
        start = time.perf_counter()
        answer = client.request(
            "textDocument/hover", {"textDocument": {"uri": uri}, "position": position(spot)}
        )
        hovers.append((time.perf_counter() - start) * 1000)
        assert answer and "**sql**" in answer["contents"]["value"], answer
    results["hover on a rule's key"] = hovers
    # Go to definition from a rule's FROM to its stream's key.
    jumps = []
    for spot in rng.sample(spots, min(10, len(spots))):
        source = current.index(" FROM ", spot) + len(" FROM ") + 1
        start = time.perf_counter()
        answer = client.request(
            "textDocument/definition",
            {"textDocument": {"uri": uri}, "position": position(source)},
        )
        jumps.append((time.perf_counter() - start) * 1000)
        assert answer and answer["uri"] == uri, answer
    results["definition"] = jumps
    origin = {"line": 0, "character": 0}
    start = time.perf_counter()
    client.request(
        "textDocument/codeAction",
        {
            "textDocument": {"uri": uri},
            "range": {"start": origin, "end": origin},
            "context": {"diagnostics": [], "only": ["source.fixAll"]},
        },
    )
    fix_all_ms = (time.perf_counter() - start) * 1000
    client.stop()

    print(
        "bundle: %d rules, %.1f MB; cores: %d; didChange: %s"
        % (rules, len(text) / 1e6, os.cpu_count(), "full text" if full else "ranged")
    )
    print("open: first diagnostics after %.0f ms; `kuiperlint check` on the file: %.0f ms" % (open_ms, check_ms))
    for rhythm, times in results.items():
        edit = rhythm in ("pause", "burst")
        what = "one-character edit (%s)" % rhythm if edit else rhythm
        print("%s: %s" % (what, quantiles(times)))
    print("fix all (on save): %.0f ms" % fix_all_ms)
    print("first answers (pause) that differ from the whole check's: %d" % differ)


if __name__ == "__main__":
    main()
