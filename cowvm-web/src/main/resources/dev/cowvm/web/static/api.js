// The server's JSON API. Every call carries the scenario: the server keeps nothing between calls.

/** A refusal from the server: its HTTP status and its JSON body ({error, diagnostics?, ran?, ...}). */
export class ApiError extends Error {
  constructor(status, body) {
    super(body && body.error ? body.error : `the server answered ${status}`);
    this.status = status;
    this.body = body || {};
  }
}

async function parse(response) {
  let body = null;
  try {
    body = await response.json();
  } catch {
    body = { error: `the server answered ${response.status} without JSON` };
  }
  if (!response.ok) throw new ApiError(response.status, body);
  return body;
}

export async function getJson(path) {
  return parse(await fetch(path, { headers: { Accept: 'application/json' } }));
}

export async function postJson(path, payload) {
  return parse(await fetch(path, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
    body: JSON.stringify(payload),
  }));
}
