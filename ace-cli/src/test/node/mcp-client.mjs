// Drives `ace mcp` through the MCP TypeScript SDK, as an agent would: lists the tools, calls each, validates what
// comes back against the tools' schemas, sends a bad call, and cancels a call to see its slot freed.
//
//   node mcp-client.mjs stdio -- COMMAND [ARGS...]   starts the server (give it --slots 1) and talks over its stdio
//   node mcp-client.mjs http URL                     connects to a running server; the token is in ACE4J_MCP_TOKEN
//
// The server must have one slot and a fresh playbook. Prints one JSON line of what it checked on stdout; on a failed
// check, prints why on stderr and exits 1.
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { AjvJsonSchemaValidator } from '@modelcontextprotocol/sdk/validation/ajv';

const TOOLS = ['run_code', 'run_tests', 'solve', 'playbook_search', 'playbook_show', 'playbook_add_lesson'];
// Variables that would configure a model: solve must find none.
const MODEL_VARIABLES = ['ACE4J_MODEL', 'OPENAI_API_KEY', 'ANTHROPIC_API_KEY', 'GEMINI_API_KEY', 'OLLAMA_HOST'];

class CheckFailed extends Error {}

function check(condition, message) {
  if (!condition) {
    throw new CheckFailed(message);
  }
}

function transport(argv) {
  const [kind, ...rest] = argv;
  if (kind === 'stdio' && rest[0] === '--' && rest.length > 1) {
    const env = { ...process.env };
    MODEL_VARIABLES.forEach((name) => delete env[name]);
    return new StdioClientTransport({ command: rest[1], args: rest.slice(2), env, stderr: 'inherit' });
  }
  if (kind === 'http' && rest.length === 1) {
    const token = process.env.ACE4J_MCP_TOKEN;
    check(token, 'http: set ACE4J_MCP_TOKEN to the token the server printed');
    return new StreamableHTTPClientTransport(new URL(rest[0]), {
      requestInit: { headers: { Authorization: `Bearer ${token}` } },
    });
  }
  throw new CheckFailed('usage: node mcp-client.mjs stdio -- COMMAND [ARGS...] | http URL');
}

const validator = new AjvJsonSchemaValidator();
const outputSchemas = new Map();

/** Calls a tool, checks the answer against the tool's output schema, and returns it. */
async function call(client, name, args, options = {}) {
  const result = await client.callTool({ name, arguments: args }, undefined, { timeout: 60_000, ...options });
  if (!result.isError) {
    check(result.structuredContent, `${name}: no structuredContent in ${JSON.stringify(result)}`);
    const verdict = validator.getValidator(outputSchemas.get(name))(result.structuredContent);
    check(verdict.valid, `${name}: structuredContent does not match the outputSchema: ${verdict.errorMessage}`);
  }
  return result;
}

function text(result) {
  return result.content.filter((c) => c.type === 'text').map((c) => c.text).join('\n');
}

async function listsTheTools(client, summary) {
  const { tools } = await client.listTools();
  const names = tools.map((t) => t.name).sort();
  check(JSON.stringify(names) === JSON.stringify([...TOOLS].sort()), `tools/list: expected ${TOOLS}, got ${names}`);
  for (const tool of tools) {
    check(tool.inputSchema?.type === 'object', `${tool.name}: no inputSchema of type object`);
    check(tool.outputSchema?.type === 'object', `${tool.name}: no outputSchema of type object`);
    validator.getValidator(tool.inputSchema); // compiles, or throws
    outputSchemas.set(tool.name, tool.outputSchema);
  }
  summary.tools = names;
}

async function runsCode(client, summary) {
  const result = await call(client, 'run_code', { language: 'python', code: 'print("hello from mcp")' });
  const run = result.structuredContent;
  check(!result.isError && run.status === 'ok' && run.exit_code === 0, `run_code: not ok: ${JSON.stringify(run)}`);
  check(run.stdout === 'hello from mcp\n', `run_code: stdout ${JSON.stringify(run.stdout)}`);
  summary.run_code = run.status;
}

async function runsTests(client, summary) {
  const result = await call(client, 'run_tests', {
    language: 'python',
    code: 'def add(a, b):\n    return a + b\n',
    tests: 'from solution import add\n\ndef test_adds():\n    assert add(1, 2) == 3\n\n'
      + 'def test_adds_negatives():\n    assert add(-1, -2) == -3\n\n'
      + 'def test_wrong_on_purpose():\n    assert add(2, 2) == 5\n',
  });
  check(!result.isError, `run_tests: tool error: ${text(result)}`);
  const outcomes = Object.fromEntries(result.structuredContent.tests.map((t) => [t.name.split('::').pop(), t.outcome]));
  const expected = { test_adds: 'passed', test_adds_negatives: 'passed', test_wrong_on_purpose: 'failed' };
  check(JSON.stringify(outcomes) === JSON.stringify(expected),
    `run_tests: expected ${JSON.stringify(expected)}, got ${JSON.stringify(outcomes)}`);
  summary.run_tests = outcomes;
}

async function solveSaysHowToConfigureAModel(client, summary) {
  const result = await call(client, 'solve', { task: 'Write add(a, b) returning the sum.', rounds: 1 });
  check(result.isError === true, `solve without a model: expected isError, got ${JSON.stringify(result)}`);
  check(/no model configured/.test(text(result)) && /ACE4J_MODEL/.test(text(result)),
    `solve without a model: the error does not say how to configure one: ${text(result)}`);
  summary.solve = 'tool error: ' + text(result).slice(0, 60);
}

async function learnsALesson(client, summary) {
  const lesson = 'Check for an empty input list before indexing its first element.';
  const added = await call(client, 'playbook_add_lesson', { section: 'common mistakes', content: lesson });
  check(!added.isError && added.structuredContent.added === true, `playbook_add_lesson: ${text(added)}`);
  const id = added.structuredContent.id;
  const found = await call(client, 'playbook_search', { query: 'empty list first element' });
  check(!found.isError && text(found).includes(id), `playbook_search: ${id} not found: ${text(found)}`);
  const shown = await call(client, 'playbook_show', {});
  check(!shown.isError && JSON.stringify(shown.structuredContent).includes(lesson), `playbook_show: no lesson: ${text(shown)}`);
  const again = await call(client, 'playbook_add_lesson', { section: 'common mistakes', content: lesson });
  check(again.structuredContent.added === false && again.structuredContent.duplicate_of === id,
    `playbook_add_lesson: a duplicate was not refused: ${text(again)}`);
  const resource = await client.readResource({ uri: 'playbook://default' });
  check(resource.contents.length === 1 && resource.contents[0].text.includes(lesson),
    `playbook://default: no lesson in ${JSON.stringify(resource).slice(0, 300)}`);
  summary.lesson = id;
}

async function badInputIsAToolError(client, summary) {
  let result;
  try {
    result = await call(client, 'run_code', { language: 'cobol', code: 'DISPLAY "HI".' });
  } catch (e) {
    throw new CheckFailed(`run_code language cobol: a protocol error, not a tool error: ${e}`);
  }
  check(result.isError === true && /language/.test(text(result)),
    `run_code language cobol: expected a tool error naming the language, got ${JSON.stringify(result)}`);
  summary.bad_input = text(result);
}

/** With one slot: a call that loops forever is cancelled; the next call gets the slot within seconds. */
async function cancellationFreesTheSlot(client, summary) {
  const abort = new AbortController();
  const loop = call(client, 'run_code', { language: 'python', code: 'while True:\n    pass\n',
    limits: { timeout_seconds: 60, cpu_seconds: 60 } }, { signal: abort.signal });
  const outcome = loop.then((r) => `completed: ${JSON.stringify(r).slice(0, 200)}`, (e) => `rejected: ${e}`);
  await new Promise((resolve) => setTimeout(resolve, 1000));
  const progress = [];
  const started = Date.now();
  const next = call(client, 'run_code', { language: 'python', code: 'print(1)' },
    { onprogress: (p) => progress.push(p.message ?? ''), timeout: 12_000 });
  await new Promise((resolve) => setTimeout(resolve, 1500));
  abort.abort('the test cancels it');
  const cancelled = Date.now();
  const rejected = await outcome;
  check(rejected.startsWith('rejected'), `the cancelled call: ${rejected}`);
  let result;
  try {
    result = await next;
  } catch (e) {
    throw new CheckFailed(`after a cancelled call, the next call on the one slot did not complete: ${e}`);
  }
  const afterCancel = Date.now() - cancelled;
  check(result.structuredContent?.stdout === '1\n', `the call after a cancelled one: ${JSON.stringify(result)}`);
  // The loop would hold the slot for 60 s; a freed slot lets the waiting call run within seconds.
  check(afterCancel < 6000, `the call after a cancelled one finished ${afterCancel} ms after the cancellation: `
    + 'the slot was not freed at once');
  check(progress.some((m) => m.includes('waiting for a sandbox slot')),
    `the waiting call heard no progress about the busy slot: ${JSON.stringify(progress)}`);
  summary.cancellation = { next_call_done_ms_after_cancel: afterCancel, waited_ms: Date.now() - started,
    progress_notifications: progress.length };
}

async function main() {
  const summary = { transport: process.argv[2] };
  const client = new Client({ name: 'ace4j-ts-client-test', version: '1.0.0' });
  await client.connect(transport(process.argv.slice(2)));
  try {
    summary.server = client.getServerVersion();
    await listsTheTools(client, summary);
    await runsCode(client, summary);
    await runsTests(client, summary);
    await solveSaysHowToConfigureAModel(client, summary);
    await learnsALesson(client, summary);
    await badInputIsAToolError(client, summary);
    await cancellationFreesTheSlot(client, summary);
  } finally {
    await client.close();
  }
  console.log(JSON.stringify(summary));
}

main().then(() => process.exit(0), (e) => {
  console.error(`mcp-client: ${e instanceof CheckFailed ? 'check failed: ' + e.message : e?.stack ?? e}`);
  process.exit(1);
});
