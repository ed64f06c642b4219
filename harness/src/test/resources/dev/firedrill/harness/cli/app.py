"""A tiny app on the env contract for RelativePathsIT and FinalStateIT: /health and an in-memory items API (write,
read). CONSISTENT_READS=unsupported: GET /items/{id}?consistent=true answers 404, as an app without that route."""
import json
import os
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

items = {}
lock = threading.Lock()


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def reply(self, status, body=None):
        data = b"" if body is None else json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.send_header("X-Instance-Id", os.environ["INSTANCE_ID"])
        self.end_headers()
        self.wfile.write(data)

    def body(self):
        n = int(self.headers.get("Content-Length") or 0)
        return json.loads(self.rfile.read(n) or b"{}")

    def item_id(self):
        return int(self.path.split("?")[0].split("/")[2])

    def do_GET(self):
        if self.path == "/health":
            return self.reply(200, {"status": "ok"})
        if self.path.startswith("/items/"):
            if os.environ.get("CONSISTENT_READS") == "unsupported" and "consistent=true" in self.path:
                return self.reply(404, {"error": "no route " + self.path})  # an app without read-your-writes
            with lock:
                item = items.get(self.item_id())
            return self.reply(200, item) if item else self.reply(404, {"error": "not found"})
        self.reply(404, {"error": "no route " + self.path})

    def do_POST(self):
        if self.path != "/items":
            return self.reply(404, {"error": "no route " + self.path})
        value = self.body().get("value")
        with lock:
            item = {"id": len(items) + 1, "version": 1, "value": value}
            items[item["id"]] = item
        self.reply(201, item)

    def do_PUT(self):
        b = self.body()
        with lock:
            item = items.get(self.item_id())
            if item is None:
                return self.reply(404, {"error": "not found"})
            if item["version"] != b.get("version"):
                return self.reply(409, {"error": "version conflict"})
            item = {"id": item["id"], "version": item["version"] + 1, "value": b.get("value")}
            items[item["id"]] = item
        self.reply(200, item)


ThreadingHTTPServer(("127.0.0.1", int(os.environ["PORT"])), Handler).serve_forever()
