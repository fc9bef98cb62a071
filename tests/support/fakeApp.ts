/** The ratings app as verify sees it: an HTTP server on 127.0.0.1 answering `/` with a settable status. */
import * as http from "http";
import type { AddressInfo } from "net";

export interface FakeApp {
  readonly url: string;
  /** The status every request gets; 200 like ratings-web's front page. */
  status: number;
  /** Statuses for the next requests, before `status` (a pod still starting, then ready). */
  next: number[];
  hits: number;
  close(): Promise<void>;
}

export async function startFakeApp(): Promise<FakeApp> {
  const app = { url: "", status: 200, next: [] as number[], hits: 0, close: async () => {} };
  const server = http.createServer((_request, res) => {
    app.hits++;
    const status = app.next.shift() ?? app.status;
    res.writeHead(status, { "Content-Type": "text/html" });
    res.end(status === 200 ? "<!DOCTYPE html><title>Fruit Smoothies Ratings</title>" : "<h1>error</h1>");
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  app.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  app.close = () => new Promise<void>((resolve) => server.close(() => resolve()));
  return app;
}
