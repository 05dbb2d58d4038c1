/**
 * A local HTTP server that speaks enough of Anthropic's Messages API (`POST /v1/messages`)
 * for the LLM tests: it records every request and answers as the test says (a JSON answer,
 * an HTTP error, a hang past the client's timeout, or text that is not JSON). Listens on
 * 127.0.0.1 only; the only fake in the test suite.
 */
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One request the server received. */
export interface SeenRequest {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  body: Record<string, any>;
}

/** How the server answers the next requests. */
export type Behaviour =
  | { kind: 'answer'; json: unknown; usage?: { input_tokens: number; output_tokens: number } }
  | { kind: 'text'; text: string }
  | { kind: 'status'; status: number; type: string }
  | { kind: 'hang'; ms: number }
  /** Hold every answer (a JSON answer like `answer`) until `release()`. */
  | { kind: 'gate'; json: unknown };

/** A running server: its base URL, what it saw, and how it answers. */
export interface MessagesServer {
  /** `http://127.0.0.1:<port>`: give it as ANTHROPIC_BASE_URL. */
  url: string;
  requests: SeenRequest[];
  behave(b: Behaviour): void;
  /** Send the answers a `gate` holds (and those to come). */
  release(): void;
  close(): Promise<void>;
}

/** Usage reported by default: 1,234 input and 321 output tokens. */
export const DEFAULT_USAGE = { input_tokens: 1234, output_tokens: 321 };

function message(text: string, usage: { input_tokens: number; output_tokens: number }, model: string): unknown {
  return {
    id: 'msg_local_test',
    type: 'message',
    role: 'assistant',
    model,
    content: [{ type: 'text', text }],
    stop_reason: 'end_turn',
    stop_sequence: null,
    usage: { ...usage, cache_creation_input_tokens: 0, cache_read_input_tokens: 0 },
  };
}

/** Start a server on an ephemeral port of 127.0.0.1. */
export async function startMessagesServer(): Promise<MessagesServer> {
  const requests: SeenRequest[] = [];
  let behaviour: Behaviour = { kind: 'status', status: 500, type: 'api_error' };
  let open = false;
  const held: (() => void)[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const raw = Buffer.concat(chunks).toString('utf8');
      let body: Record<string, any> = {};
      try {
        body = JSON.parse(raw) as Record<string, any>;
      } catch {
        body = { raw };
      }
      requests.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body });
      const b = behaviour;
      const send = (status: number, value: unknown) => {
        res.writeHead(status, { 'content-type': 'application/json', 'request-id': 'req_local_test' });
        res.end(JSON.stringify(value));
      };
      if (b.kind === 'answer') send(200, message(JSON.stringify(b.json), b.usage ?? DEFAULT_USAGE, String(body.model)));
      else if (b.kind === 'text') send(200, message(b.text, DEFAULT_USAGE, String(body.model)));
      else if (b.kind === 'status') send(b.status, { type: 'error', error: { type: b.type, message: `local test server: ${b.type}` } });
      else if (b.kind === 'gate') {
        const answer = () => send(200, message(JSON.stringify(b.json), DEFAULT_USAGE, String(body.model)));
        if (open) answer();
        else held.push(answer);
      } else setTimeout(() => send(200, message('{}', DEFAULT_USAGE, String(body.model))), b.ms).unref();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    behave: (b) => {
      behaviour = b;
    },
    release: () => {
      open = true;
      for (const answer of held.splice(0)) answer();
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
