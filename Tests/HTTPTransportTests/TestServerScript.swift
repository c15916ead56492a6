/// The local HTTP(S) server the integration tests talk to: Python's `http.server` (HTTP/1.1, one thread per
/// connection) with endpoints that misbehave on demand. It prints its port, then serves until its stdin closes.
enum TestServerScript {
    static let source = #"""
        import http.server, json, os, socket, ssl, struct, sys, threading, time, urllib.parse

        lock = threading.Lock()
        connections = 0
        released = threading.Event()
        lines_state = {"written": 0, "aborted": False, "done": False}
        CHUNK = 1 << 20
        PATTERN = bytes(range(251)) * (CHUNK // 251 + 2)

        def pattern_pieces(start, length):
            offset, end = start, start + length
            while offset < end:
                count = min(CHUNK, end - offset)
                yield PATTERN[offset % 251:offset % 251 + count]
                offset += count

        class Handler(http.server.BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args):
                pass

            def setup(self):
                super().setup()
                global connections
                with lock:
                    connections += 1
                    self.connection_id = connections

            def head(self, status, length, extra=()):
                self.send_response(status)
                if length is not None:
                    self.send_header("Content-Length", str(length))
                self.send_header("X-Connection-Id", str(self.connection_id))
                for name, value in extra:
                    self.send_header(name, value)
                self.end_headers()

            def reply(self, status, body, extra=()):
                self.head(status, len(body), extra)
                if self.command != "HEAD":
                    self.wfile.write(body)

            do_GET = do_PUT = do_POST = do_HEAD = do_DELETE = do_PATCH = lambda self: self.route()

            def read_body(self, keep=True):
                remaining = int(self.headers.get("Content-Length") or 0)
                parts, total = [], 0
                while remaining > 0:
                    part = self.rfile.read(min(CHUNK, remaining))
                    if not part:
                        break
                    remaining -= len(part)
                    total += len(part)
                    if keep:
                        parts.append(part)
                return b"".join(parts), total

            def route(self):
                url = urllib.parse.urlparse(self.path)
                query = dict(urllib.parse.parse_qsl(url.query))
                path = url.path
                if path == "/bytes":
                    self.read_body()
                    size = int(query["n"])
                    ranged = self.headers.get("Range")
                    if ranged:
                        first, last = ranged.split("=")[1].split("-")
                        first, last = int(first), int(last)
                        self.head(206, last - first + 1, [("Content-Range", f"bytes {first}-{last}/{size}")])
                        pieces = pattern_pieces(first, last - first + 1)
                    else:
                        self.head(200, size)
                        pieces = pattern_pieces(0, size)
                    if self.command != "HEAD":
                        for piece in pieces:
                            self.wfile.write(piece)
                elif path == "/echo":
                    body, _ = self.read_body()
                    self.reply(200, body, [("X-Method", self.command)])
                elif path == "/count":
                    _, total = self.read_body(keep=False)
                    self.reply(200, str(total).encode())
                elif path == "/headers":
                    self.read_body()
                    text = "".join(f"{name}: {value}\n" for name, value in self.headers.items())
                    self.reply(200, text.encode())
                elif path == "/status":
                    self.read_body()
                    self.reply(int(query["code"]), query.get("body", "").encode())
                elif path == "/connections":
                    with lock:
                        count = connections
                    self.reply(200, str(count).encode())
                elif path == "/stall":
                    self.head(200, 1000)
                    self.wfile.write(b"x" * 10)
                    self.wfile.flush()
                    time.sleep(float(query.get("seconds", "5")))
                    self.close_connection = True
                elif path == "/slow":
                    time.sleep(float(query.get("seconds", "10")))
                    self.reply(200, b"late")
                elif path == "/reset":
                    self.head(200, 100000)
                    self.wfile.write(b"y" * 1000)
                    self.wfile.flush()
                    time.sleep(0.1)
                    self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
                    with lock:
                        to_reset.add(self.connection)
                    self.close_connection = True
                elif path == "/truncate":
                    self.head(200, 1000)
                    self.wfile.write(b"z" * 100)
                    self.wfile.flush()
                    self.close_connection = True
                elif path == "/hold":
                    self.head(200, 12)
                    self.wfile.flush()
                    released.wait(float(query.get("seconds", "10")))
                    self.wfile.write(b"hello\r\nworld")
                    self.wfile.flush()
                elif path == "/release":
                    released.set()
                    self.reply(200, b"released")
                elif path == "/lines":
                    count = int(query["n"])
                    self.head(200, count * 100)
                    try:
                        for start in range(0, count, 100):
                            batch = "".join(f"line {i:08d} " + "x" * 85 + "\n" for i in range(start, min(count, start + 100)))
                            self.wfile.write(batch.encode())
                            with lock:
                                lines_state["written"] += len(batch)
                        with lock:
                            lines_state["done"] = True
                    except (BrokenPipeError, ConnectionResetError):
                        with lock:
                            lines_state["aborted"] = True
                        self.close_connection = True
                elif path == "/lines-state":
                    with lock:
                        body = json.dumps(lines_state).encode()
                    self.reply(200, body)
                elif path == "/longline":
                    size = int(query["n"])
                    self.reply(200, b"a" * size + b"\n")
                elif path == "/redirect":
                    self.read_body()
                    self.reply(302, b"moved", [("Location", "/bytes?n=10")])
                else:
                    self.reply(404, b"no such endpoint")

        to_reset = set()

        class Server(http.server.ThreadingHTTPServer):
            def shutdown_request(self, request):
                with lock:
                    reset = request in to_reset
                    to_reset.discard(request)
                if reset:
                    self.close_request(request)  # SO_LINGER 0: the close sends RST, no FIN before it
                else:
                    super().shutdown_request(request)

            def handle_error(self, request, client_address):
                kind = sys.exc_info()[0]
                if kind is not None and issubclass(kind, (ConnectionError, ssl.SSLError, TimeoutError)):
                    return
                super().handle_error(request, client_address)

        def watch_stdin():
            sys.stdin.buffer.read()
            os._exit(0)

        def main():
            arguments = sys.argv[1:]
            server = Server(("127.0.0.1", 0), Handler)
            if "--tls" in arguments:
                index = arguments.index("--tls")
                context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
                context.load_cert_chain(arguments[index + 1], arguments[index + 2])
                if "--client-ca" in arguments:
                    context.verify_mode = ssl.CERT_REQUIRED
                    context.load_verify_locations(arguments[arguments.index("--client-ca") + 1])
                server.socket = context.wrap_socket(server.socket, server_side=True)
            threading.Thread(target=watch_stdin, daemon=True).start()
            print(server.server_address[1], flush=True)
            server.serve_forever()

        main()
        """#
}
