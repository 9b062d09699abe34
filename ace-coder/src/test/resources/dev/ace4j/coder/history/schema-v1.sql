-- The history schema version 1 as ace4j 0.1 wrote it, with one run, one attempt and one task result.
CREATE TABLE IF NOT EXISTS history_schema (
  version INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS runs (
  run_id INTEGER PRIMARY KEY AUTOINCREMENT,
  session_id TEXT NOT NULL,
  kind TEXT NOT NULL,
  suite TEXT NOT NULL,
  model TEXT NOT NULL,
  playbook TEXT NOT NULL,
  playbook_version INTEGER NOT NULL,
  run_number INTEGER NOT NULL,
  planned_runs INTEGER NOT NULL,
  started_at TEXT NOT NULL,
  finished_at TEXT
);
CREATE INDEX IF NOT EXISTS runs_by_session ON runs (session_id);
CREATE TABLE IF NOT EXISTS attempts (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  run_id INTEGER NOT NULL REFERENCES runs (run_id),
  task_id TEXT NOT NULL,
  attempt INTEGER NOT NULL,
  playbook_version INTEGER NOT NULL,
  passed INTEGER NOT NULL,
  status TEXT NOT NULL,
  error_type TEXT,
  input_tokens INTEGER NOT NULL,
  output_tokens INTEGER NOT NULL,
  cost_usd TEXT,
  duration_millis INTEGER NOT NULL,
  code TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS attempts_by_run ON attempts (run_id);
CREATE TABLE IF NOT EXISTS task_results (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  run_id INTEGER NOT NULL REFERENCES runs (run_id),
  task_id TEXT NOT NULL,
  task_name TEXT NOT NULL,
  task_type TEXT NOT NULL,
  difficulty TEXT NOT NULL,
  language TEXT NOT NULL,
  model TEXT NOT NULL,
  success INTEGER NOT NULL,
  first_attempt_passed INTEGER NOT NULL,
  attempts INTEGER NOT NULL,
  rounds INTEGER NOT NULL,
  hidden_passed INTEGER NOT NULL,
  hidden_total INTEGER NOT NULL,
  error_type TEXT,
  strategies_used INTEGER NOT NULL,
  strategies_learned INTEGER NOT NULL,
  playbook_version INTEGER NOT NULL,
  playbook_size INTEGER NOT NULL,
  input_tokens INTEGER NOT NULL,
  output_tokens INTEGER NOT NULL,
  cost_usd TEXT,
  duration_millis INTEGER NOT NULL,
  patterns_found TEXT NOT NULL,
  validation_passed INTEGER NOT NULL,
  finished_at TEXT NOT NULL,
  UNIQUE (run_id, task_id)
);
CREATE INDEX IF NOT EXISTS task_results_by_time ON task_results (finished_at, id);
INSERT INTO history_schema (version) VALUES (1);
INSERT INTO runs (session_id, kind, suite, model, playbook, playbook_version, run_number, planned_runs, started_at,
  finished_at) VALUES ('s-1', 'bench', 'builtin', 'openai:gpt-4o-mini', '/tmp/p.json', 0, 1, 1,
  '2026-11-30T10:00:00.000000000Z', '2026-11-30T10:05:00.000000000Z');
INSERT INTO attempts (run_id, task_id, attempt, playbook_version, passed, status, error_type, input_tokens,
  output_tokens, cost_usd, duration_millis, code) VALUES (1, 'easy_factorial', 1, 0, 0, 'error', 'NameError', 120, 30,
  '0.000123', 812, 'def factorial(n): return m');
INSERT INTO task_results (run_id, task_id, task_name, task_type, difficulty, language, model, success,
  first_attempt_passed, attempts, rounds, hidden_passed, hidden_total, error_type, strategies_used, strategies_learned,
  playbook_version, playbook_size, input_tokens, output_tokens, cost_usd, duration_millis, patterns_found,
  validation_passed, finished_at) VALUES (1, 'easy_factorial', 'Factorial', 'easy_factorial', 'easy', 'python',
  'openai:gpt-4o-mini', 1, 0, 2, 1, 10, 10, NULL, 1, 1, 1, 1, 240, 60, NULL, 1500, '["def ","return"]', 1,
  '2026-11-30T10:04:00.000000000Z');
