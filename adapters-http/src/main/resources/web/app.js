// PrismQ Runner's web page: modules, a launch form built from their parameters, runs, and a live log view.
// Plain JavaScript without a build step; it talks only to this service's /api.
'use strict';

const TOKEN_KEY = 'prismq-runner.token';
const HIDE_PROGRESS_KEY = 'prismq-runner.hide-progress';
const LEVELS = ['DEBUG', 'INFO', 'WARNING', 'ERROR', 'CRITICAL'];
const ACTIVE = new Set(['queued', 'running']);
const ROW = 20;              // px; the fixed height of a log line, as --row in app.css
const ROW_MARGIN = 30;       // rows rendered above and below the visible ones
const MAX_LINES = 100000;    // lines held in the page at most: a window of the log, read again when scrolled back to
const CHUNK = 5000;          // lines read at a time: the end of a log when it opens, or the next lines past an edge
const JUMP_CONTEXT = 2000;   // lines read on either side of a line jumped to
const EDGE = 300;            // rows from an edge of the window at which scrolling reads the next lines
const MAX_CHARS = 2000;      // characters shown of one line

const $ = (id) => document.getElementById(id);
const enc = encodeURIComponent;

/** Creates an element: attributes, `text`, `on<event>` listeners, then children. */
function h(tag, props = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(props)) {
    if (value === null || value === undefined || value === false) continue;
    if (key === 'text') node.textContent = value;
    else if (key.startsWith('on')) node.addEventListener(key.slice(2), value);
    else node.setAttribute(key, value === true ? '' : value);
  }
  node.append(...children.filter((child) => child !== null && child !== undefined));
  return node;
}

function notice(text, bad = false) {
  $('notice').textContent = text;
  $('notice').classList.toggle('bad', bad);
}

const clockFormat = new Intl.DateTimeFormat(undefined,
  { hour: '2-digit', minute: '2-digit', second: '2-digit', fractionalSecondDigits: 3, hour12: false });
const timeFormat = new Intl.DateTimeFormat(undefined, { timeStyle: 'medium' });
const dateFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'short', timeStyle: 'short' });

/** The time alone for today, else the date too. */
function when(iso) {
  if (!iso) return '';
  const date = new Date(iso);
  return (date.toDateString() === new Date().toDateString() ? timeFormat : dateFormat).format(date);
}

function duration(seconds) {
  if (seconds === null || seconds === undefined) return '';
  if (seconds < 60) return `${seconds.toFixed(1)} s`;
  const s = Math.round(seconds);
  if (s < 3600) return `${Math.floor(s / 60)} min ${s % 60} s`;
  return `${Math.floor(s / 3600)} h ${Math.floor(s / 60) % 60} min`;
}

// ---- API: JSON over fetch, with the bearer token asked for once when the service wants one

let tokenPrompt = null;

async function api(path, { method = 'GET', body } = {}) {
  for (;;) {
    const token = sessionStorage.getItem(TOKEN_KEY);
    const headers = token ? { Authorization: `Bearer ${token}` } : {};
    const init = { method, headers };
    // The service takes a POST only as JSON, an empty one too (it is what makes a browser ask first).
    if (body !== undefined || method === 'POST') {
      headers['Content-Type'] = 'application/json';
      init.body = JSON.stringify(body ?? {});
    }
    const response = await fetch(path, init);
    if (response.status === 401 && await askToken(token)) continue;
    const data = response.status === 204 ? null : await response.json().catch(() => null);
    if (response.ok) return data;
    const error = new Error(data?.detail ?? `${response.status} ${response.statusText}`);
    throw Object.assign(error, { status: response.status, code: data?.error_code, errors: data?.errors });
  }
}

/** Resolves true when a new token is there to retry with; every request refused at once shares one dialog. */
function askToken(refused) {
  if (sessionStorage.getItem(TOKEN_KEY) !== refused) return Promise.resolve(true);
  tokenPrompt ??= (async () => {
    $('token-text').textContent = refused
      ? 'The service did not accept that token. Enter it again.'
      : 'This service asks for its access token. It is kept in this browser tab only.';
    $('token-input').value = '';
    const answer = await ask($('token-dialog'));
    const token = $('token-input').value.trim();
    if (answer === 'ok' && token) sessionStorage.setItem(TOKEN_KEY, token);
    tokenPrompt = null;
    return answer === 'ok' && token !== '';
  })();
  return tokenPrompt;
}

/**
 * Shows a modal dialog and resolves with the value of the button that closed it. A dialog's close event comes
 * a moment after it closes: one that arrives while the dialog is open again belonged to an earlier question.
 */
function ask(dialog) {
  dialog.returnValue = '';
  const answer = new Promise((resolve) => {
    const onClose = () => {
      if (dialog.open) return;
      dialog.removeEventListener('close', onClose);
      resolve(dialog.returnValue);
    };
    dialog.addEventListener('close', onClose);
  });
  dialog.showModal();
  return answer;
}

// ---- State kept in the address (#module=…&run=…&line=…), so a reload comes back to the same place

const state = { modules: [], module: null, runId: null, runs: new Map(), runsSeen: false, anyActive: false,
  unreachable: false };

function saveLocation() {
  const params = new URLSearchParams();
  if (state.module) params.set('module', state.module.id);
  if (state.runId) params.set('run', state.runId);
  if (state.runId && log.target) params.set('line', String(log.target));
  history.replaceState(null, '', `#${params}`);
}

// ---- Modules

const launchable = (m) => m.enabled && m.status !== 'maintenance';

async function loadModules() {
  state.modules = (await api('/api/modules')).modules;
  const filter = $('filter-module');
  const chosen = filter.value;
  filter.replaceChildren(filter.options[0], ...state.modules.map((m) => h('option', { value: m.id, text: m.name })));
  filter.value = chosen;
  renderModules();
}

function renderModules() {
  const focused = document.activeElement?.dataset.module;
  const query = $('module-search').value.trim().toLowerCase();
  const groups = new Map();
  for (const m of state.modules) {
    const text = [m.id, m.name, m.description, m.category, ...(m.tags ?? [])].join(' ').toLowerCase();
    if (query && !text.includes(query)) continue;
    const category = m.category || 'Other';
    if (!groups.has(category)) groups.set(category, []);
    groups.get(category).push(m);
  }
  $('module-list').replaceChildren(...[...groups.keys()].sort().map((category) => h('div', {},
    h('h3', { text: category }),
    h('ul', {}, ...groups.get(category).map((m) => h('li', {}, moduleButton(m)))))));
  if (groups.size === 0) $('module-list').append(h('p', { class: 'muted', text: 'No module matches.' }));
  if (focused) $('module-list').querySelector(`[data-module="${CSS.escape(focused)}"]`)?.focus();
}

function moduleButton(m) {
  const runs = m.total_runs === 1 ? '1 run' : `${m.total_runs} runs`;
  const stats = m.total_runs ? `${runs} · ${Math.round(m.success_rate)}% completed` : 'not run yet';
  return h('button', {
    type: 'button', class: 'module', 'data-module': m.id, 'aria-current': String(state.module?.id === m.id),
    onclick: () => selectModule(m.id),
  }, h('span', { text: m.name }), h('span', { class: 'meta', text: launchable(m) ? stats : unavailable(m) }));
}

const unavailable = (m) => (m.enabled ? `in ${m.status}` : 'disabled');

async function selectModule(id) {
  const m = state.modules.find((candidate) => candidate.id === id);
  if (!m) return;
  state.module = m;
  saveLocation();
  document.querySelectorAll('button.module')
    .forEach((button) => button.setAttribute('aria-current', String(button.dataset.module === id)));
  let config = { parameters: {}, saved: false };
  try {
    config = await api(`/api/modules/${enc(id)}/config`);
  } catch (error) {
    notice(`Could not load the saved configuration: ${error.message}`, true);
  }
  if (state.module === m) buildForm(m, config);
}

// ---- Launch form, generated from the parameter definitions

function buildForm(m, config) {
  $('launch-title').textContent = `Launch ${m.name}`;
  $('module-description').textContent = m.description ?? '';
  $('fields').replaceChildren(...m.parameters.map((p) => field(p, config.parameters?.[p.name] ?? p.default)));
  $('config-note').textContent = config.saved
    ? `Values saved ${when(config.updated_at)}.` : 'Showing the defaults: nothing saved yet.';
  $('launch-button').disabled = !launchable(m);
  $('launch-button').title = launchable(m) ? '' : `This module is ${unavailable(m)}.`;
  showFormError(null);
  applyConditions();
  $('launch-hint').hidden = true;
  $('launch-form').dataset.module = m.id;
  $('launch-form').hidden = false;
}

function field(p, value) {
  const id = `param-${p.name}`;
  const common = { id, name: p.name, 'aria-required': String(Boolean(p.required)) };
  let input;
  if (p.type === 'select') {
    input = h('select', common, ...(p.options ?? []).map((option) => h('option', { value: option, text: option })));
  } else if (p.type === 'checkbox') {
    input = h('input', { ...common, type: 'checkbox' });
    input.checked = value === true || value === 'true';
  } else if (p.type === 'number') {
    input = h('input', { ...common, type: 'number', step: 'any', min: p.min, max: p.max, inputmode: 'decimal' });
  } else {
    input = h('input', { ...common, type: p.type === 'password' ? 'password' : 'text', placeholder: p.placeholder,
      autocomplete: p.type === 'password' ? 'new-password' : 'off', spellcheck: 'false' });
  }
  if (p.type !== 'checkbox') input.value = value ?? '';
  const range = p.type === 'number' && (p.min != null || p.max != null)
    ? ` (${p.min ?? '…'} to ${p.max ?? '…'})` : '';
  const about = (p.description ?? '') + range;
  const help = about ? h('p', { id: `${id}-help`, class: 'help', text: about }) : null;
  const warning = p.warning ? h('p', { id: `${id}-warning`, class: 'warning', text: `⚠ ${p.warning}` }) : null;
  const error = h('p', { id: `${id}-error`, class: 'error', hidden: true });
  input.setAttribute('aria-describedby', [help?.id, warning?.id, error.id].filter(Boolean).join(' '));
  const label = h('label', { for: id }, p.label || p.name, p.required ? h('span', { class: 'req', text: ' *' }) : null);
  const box = p.type === 'checkbox' ? h('div', { class: 'check' }, input, label) : null;
  return h('div', { class: 'field', 'data-param': p.name }, ...(box ? [box] : [label, input]), help, warning, error);
}

function fieldValue(name) {
  const input = $(`param-${name}`);
  return input?.type === 'checkbox' ? input.checked : input?.value;
}

/** Shows a field only while the field it depends on has the value it names. */
function applyConditions() {
  for (const p of state.module.parameters) {
    const condition = p.conditional_display;
    if (condition) fieldBox(p.name).hidden = String(fieldValue(condition.field)) !== String(condition.value);
  }
}

const fieldBox = (name) => $('fields').querySelector(`[data-param="${CSS.escape(name)}"]`);

function collectValues() {
  const values = {};
  for (const p of state.module.parameters) {
    if (fieldBox(p.name).hidden) continue;
    const input = $(`param-${p.name}`);
    if (p.type === 'checkbox') values[p.name] = input.checked;
    else if (p.type === 'number') {
      if (input.validity.badInput) throw Object.assign(new Error(), { fields: { [p.name]: 'must be a number' } });
      if (input.value.trim() !== '') values[p.name] = Number(input.value);
    } else values[p.name] = input.value;
  }
  return values;
}

function showFieldError(name, message) {
  const input = $(`param-${name}`);
  const error = $(`param-${name}-error`);
  input.setAttribute('aria-invalid', String(Boolean(message)));
  error.textContent = message ?? '';
  error.hidden = !message;
}

function showFormError(message) {
  $('form-error').textContent = message ?? '';
  $('form-error').hidden = !message;
  if (!message) state.module?.parameters.forEach((p) => showFieldError(p.name, null));
}

/** The server's invalid parameters, one message per field; an error that names no field stays above the form. */
function fieldErrors(errors) {
  const names = new Set(state.module.parameters.map((p) => p.name));
  const fields = {};
  const rest = [];
  for (const { parameter, message } of errors) {
    if (names.has(parameter)) fields[parameter] = fields[parameter] ? `${fields[parameter]}; ${message}` : message;
    else rest.push(`${parameter}: ${message}`);
  }
  return { fields, rest: rest.join('; ') };
}

function showLaunchError(error) {
  const { fields, rest } = error.fields ? { fields: error.fields, rest: '' }
    : error.code === 'invalid_parameters' && error.errors ? fieldErrors(error.errors)
      : { fields: {}, rest: error.message };
  for (const [name, message] of Object.entries(fields)) showFieldError(name, message);
  $('form-error').textContent = rest || 'Some values need a change: see the fields marked below.';
  $('form-error').hidden = false;
  const first = Object.keys(fields)[0];
  (first ? $(`param-${first}`) : $('form-error')).focus?.();
}

async function launch(event) {
  event.preventDefault();
  const m = state.module;
  showFormError(null);
  $('launch-button').disabled = true;
  try {
    const save = $('save-config').checked;
    const run = await api(`/api/modules/${enc(m.id)}/run`,
      { method: 'POST', body: { parameters: collectValues(), save_config: save } });
    notice(`Launched ${m.name}: ${run.run_id}`);
    if (save) $('config-note').textContent = 'Values saved just now.';
    openRun(run.run_id, run);
    await poll();
  } catch (error) {
    showLaunchError(error);
  } finally {
    $('launch-button').disabled = !launchable(m);
  }
}

async function resetConfig() {
  const m = state.module;
  try {
    await api(`/api/modules/${enc(m.id)}/config`, { method: 'DELETE' });
    notice(`${m.name}: saved values removed, showing the defaults.`);
  } catch (error) {
    notice(`Could not reset the configuration: ${error.message}`, true);
  }
  await selectModule(m.id);
}

// ---- Runs

async function refreshRuns() {
  const query = new URLSearchParams({ limit: '50' });
  if ($('filter-module').value) query.set('module_id', $('filter-module').value);
  if ($('filter-status').value) query.set('status', $('filter-status').value);
  const [page, health] = await Promise.all([api(`/api/runs?${query}`), api('/api/health')]);
  renderRuns(page.runs);
  $('health').textContent = `version ${health.version} · ${health.active_runs} active`
    + ` · ${health.total_modules} modules`;
}

const rows = new Map();

function renderRuns(runs) {
  const list = $('run-list');
  const shown = new Set();
  // A new run or a new status changes the modules' statistics.
  const changed = runs.some((run) => state.runs.get(run.run_id)?.status !== run.status);
  if (changed && state.runsSeen) loadModules().catch(() => {});
  state.runsSeen = true;
  runs.forEach((run, index) => {
    shown.add(run.run_id);
    state.runs.set(run.run_id, run);
    if (!rows.has(run.run_id)) rows.set(run.run_id, runRow(run.run_id));
    const row = rows.get(run.run_id);
    updateRow(row, run);
    // Only a row out of place is moved, so that the focus stays on the button it is on.
    if (list.children[index] !== row.li) list.insertBefore(row.li, list.children[index] ?? null);
  });
  for (const [id, row] of rows) {
    if (!shown.has(id)) { row.li.remove(); rows.delete(id); }
  }
  $('runs-empty').hidden = runs.length > 0;
  state.anyActive = runs.some((run) => ACTIVE.has(run.status));
  if (state.runs.has(state.runId)) showRunHeader(state.runs.get(state.runId));
}

function runRow(id) {
  const row = {
    name: h('span', { class: 'run-name' }), status: h('span', { class: 'badge' }), time: h('span'),
    duration: h('span'), progress: h('progress', { max: '100', 'aria-label': 'Progress' }), items: h('span'),
    waiting: h('span', { class: 'run-waiting' }),
  };
  row.open = h('button', { type: 'button', class: 'run-open', onclick: () => openRun(id) },
    row.name, row.status,
    h('span', { class: 'run-meta' }, row.time, row.duration, row.progress, row.items, row.waiting));
  row.cancel = h('button', { type: 'button', class: 'danger', text: 'Cancel', onclick: () => confirmCancel(id) });
  row.remove = h('button', { type: 'button', class: 'danger run-delete', text: 'Delete',
    onclick: () => confirmDelete(id) });
  row.li = h('li', { class: 'run', 'data-run': id }, row.open, row.cancel, row.remove);
  return row;
}

function updateRow(row, run) {
  row.name.textContent = run.module_name;
  row.status.textContent = run.status;
  row.status.className = `badge ${run.status}`;
  row.time.textContent = when(run.created_at);
  row.duration.textContent = duration(run.duration_seconds);
  row.progress.hidden = run.progress_percent == null;
  if (run.progress_percent != null) row.progress.value = run.progress_percent;
  row.items.textContent = progressText(run);
  // A queued run held back because the host is short of CPU, memory or disk space says so.
  row.waiting.hidden = !run.waiting_for;
  row.waiting.textContent = run.waiting_for ? `waiting: ${run.waiting_for}` : '';
  row.cancel.hidden = !ACTIVE.has(run.status);
  row.cancel.setAttribute('aria-label', `Cancel ${run.module_name} run ${run.run_id}`);
  row.remove.hidden = ACTIVE.has(run.status);
  row.remove.setAttribute('aria-label', `Delete ${run.module_name} run ${run.run_id}`);
  row.li.classList.toggle('selected', run.run_id === state.runId);
  row.open.setAttribute('aria-current', String(run.run_id === state.runId));
}

function progressText(run) {
  const items = run.items_total != null ? `${run.items_processed ?? 0}/${run.items_total}` : '';
  const percent = run.progress_percent != null ? `${Math.round(run.progress_percent)}%` : '';
  return [items, percent].filter(Boolean).join(' · ');
}

async function confirmCancel(id) {
  const run = state.runs.get(id);
  const dialog = $('confirm-dialog');
  $('confirm-text').textContent = `${run?.module_name ?? 'The run'} (${id}) gets a stop signal, then is killed `
    + 'with every process it started if it has not ended after the grace period.';
  if (await ask(dialog) !== 'cancel') return;
  notice(`Cancelling ${id}…`);
  try {
    const cancelled = await api(`/api/runs/${enc(id)}`, { method: 'DELETE' });
    notice(`Cancelled ${cancelled.module_name}: ${id}`);
  } catch (error) {
    notice(`Could not cancel ${id}: ${error.message}`, error.code !== 'run_not_active');
  }
  await poll();
}

async function confirmDelete(id) {
  const run = state.runs.get(id);
  $('delete-text').textContent = `${run?.module_name ?? 'The run'} (${id}) and its whole log are deleted for good.`;
  if (await ask($('delete-dialog')) !== 'delete') return;
  try {
    await api('/api/runs/delete', { method: 'POST', body: { run_ids: [id] } });
    notice(`Deleted ${id}`);
    if (log.runId === id) forgetOpenRun();
  } catch (error) {
    notice(`Could not delete ${id}: ${error.message}`, true);
  }
  await poll();
}

/** The open run is gone: the log view goes back to its empty state. */
function forgetOpenRun() {
  closeStream();
  Object.assign(log, { runId: null, entries: [], view: [], lastSeq: 0, dropped: 0, ended: true, dirty: true });
  state.runId = null;
  saveLocation();
  $('log-run').textContent = 'Choose a run to see its output.';
  $('download').hidden = true;
  $('log-note').hidden = true;
  scheduleRender();
}

let pollTimer = 0;

async function poll() {
  clearTimeout(pollTimer);
  try {
    await refreshRuns();
    if (state.unreachable) notice('');
    state.unreachable = false;
  } catch (error) {
    notice(`Cannot reach the service: ${error.message}`, true);
    state.unreachable = true;
  }
  clearTimeout(pollTimer);
  pollTimer = setTimeout(poll, state.anyActive ? 1500 : 5000);
}

// ---- Log view: a window of the log, rendered as a virtual list of fixed-height rows
//
// The page holds a window of consecutive lines (at most MAX_LINES), not the whole log: it opens at the end (the
// last lines read with one request, then the live ones over Server-Sent Events), scrolling past either edge of the
// window reads the next lines from the server and drops as many at the far edge, and a jump to a line reads the
// lines around it. The window is "attached" while it reaches the last line the stream has brought: new lines are
// appended to it then, and only then.

const log = { runId: null, jumping: 0, source: null, entries: [], view: [], streamSeq: 0, total: 0, minLevel: 0,
  hideProgress: false, ended: false, live: false, frame: 0, first: -1, last: -1, dirty: true, retry: 0,
  pinnedTop: 0, lastTop: 0, loading: null, gen: 0, target: 0, received: 0, redrawn: null };

const lastLoaded = () => log.entries.at(-1)?.seq ?? 0;
const attached = () => lastLoaded() >= log.streamSeq;
const logsUrl = (query) => `/api/runs/${enc(log.runId)}/logs?${query}`;

/** Shows a run's log: its end, or with `line` the lines around that one, highlighted. */
function openRun(id, run, line = 0) {
  if (log.runId === id) {
    if (line) showLine(line);
    return;
  }
  closeStream();
  clearSearch();
  Object.assign(log, { runId: id, entries: [], streamSeq: 0, total: 0, ended: false, live: false, dirty: true,
    loading: null, target: line, received: 0, gen: log.gen + 1 });
  log.minLevel = Number($('log-level').value);
  filterView();
  state.runId = id;
  saveLocation();
  rows.forEach((row, rowId) => {
    row.li.classList.toggle('selected', rowId === id);
    row.open.setAttribute('aria-current', String(rowId === id));
  });
  $('download').href = downloadHref(id);
  $('download').setAttribute('download', `${id}.log`);
  $('download').hidden = false;
  $('log-note').hidden = true;
  $('goto-form').hidden = false;
  if (run ?? state.runs.get(id)) showRunHeader(run ?? state.runs.get(id));
  else api(`/api/runs/${enc(id)}`).then(showRunHeader, (error) => { $('log-run').textContent = error.message; });
  if (line) {
    setFollow(false);
    showLine(line).then(() => { if (log.runId === id) openStream(); });
  } else {
    setFollow(true);
    loadEnd().then(() => { if (log.runId === id) openStream(); });
  }
  scheduleRender();
}

function showRunHeader(run) {
  if (run.run_id !== log.runId) return;
  const exit = run.exit_code != null ? ` · exit code ${run.exit_code}` : '';
  const error = run.error_message ? ` · ${run.error_message}` : '';
  const waiting = run.waiting_for ? ` · waiting: ${run.waiting_for}` : '';
  $('log-run').textContent = `${run.module_name} · ${run.run_id} · ${run.status}${waiting}${exit}${error}`;
}

/**
 * Runs one read of the log at a time; `apply` gets the answer unless the page moved to another run or another
 * window meanwhile. Resolves when the answer is applied.
 */
function load(query, apply, { replacing = false } = {}) {
  const gen = replacing ? ++log.gen : log.gen;
  const runId = log.runId;
  const request = api(logsUrl(query)).then((page) => {
    if (log.runId !== runId || log.gen !== gen) return;
    log.received += page.logs.length;
    log.total = Math.max(log.total, page.total_lines);
    apply(page);
    log.dirty = true;
    scheduleRender();
  }, (error) => {
    if (log.runId === runId) notice(`The log cannot be read: ${error.message}`, true);
  }).finally(() => { if (log.loading === request) log.loading = null; });
  log.loading = request;
  return request;
}

/** Reads the last lines and makes them the window; a stream opened next continues from them. */
function loadEnd() {
  return load(`tail=${CHUNK}`, (page) => {
    replaceWindow(page.logs);
    log.streamSeq = log.source || log.ended ? Math.max(log.streamSeq, lastLoaded()) : lastLoaded();
  }, { replacing: true });
}

function replaceWindow(entries) {
  log.entries = entries;
  log.first = -1;
  filterView();
}

/**
 * Loads the lines around `seq` (unless the window holds it), scrolls them into view and highlights the line.
 * Resolves once the line is on screen.
 */
async function showLine(seq) {
  seq = Math.max(1, Math.floor(Number(seq)));
  if (!log.runId || !Number.isFinite(seq)) return;
  setFollow(false);
  setTarget(seq);
  const held = log.entries.length && log.entries[0].seq <= seq && seq <= lastLoaded();
  if (!held) {
    // Until the window moves, the view may still sit at the end: that is not the reader asking to follow it.
    log.jumping = seq;
    try {
      await load(`around=${seq}&context=${JUMP_CONTEXT}`, (page) => {
        replaceWindow(page.logs);
        // The stream has not started yet: it starts after the last line there is.
        if (!log.source && !log.ended) log.streamSeq = Math.max(log.streamSeq, page.total_lines);
      }, { replacing: true });
    } finally {
      if (log.jumping === seq) log.jumping = 0;
    }
  }
  if (log.target !== seq) return;
  const view = $('log-view');
  const index = indexOf(seq);
  $('log-spacer').style.height = `${log.view.length * ROW}px`;
  const top = index * ROW;
  if (top < view.scrollTop || top + ROW > view.scrollTop + view.clientHeight) {
    view.scrollTop = Math.max(0, top - Math.floor((view.clientHeight - ROW) / 2));
  }
  log.lastTop = view.scrollTop;
  log.dirty = true;
  scheduleRender();
}

/** Highlights a line and puts it in the address, as a link to it. */
function setTarget(seq) {
  const before = log.target;
  log.target = seq;
  saveLocation();
  // A filtered line shown only for being the target goes, and the new target is shown.
  if (log.view !== log.entries && before !== seq) refilterInPlace();
  log.dirty = true;
  scheduleRender();
}

/** The index in the view of the line `seq`, or of the first line after it that the view holds. */
function indexOf(seq) {
  let low = 0;
  let high = log.view.length;
  while (low < high) {
    const middle = (low + high) >> 1;
    if (log.view[middle].seq < seq) low = middle + 1; else high = middle;
  }
  return Math.min(low, Math.max(0, log.view.length - 1));
}

/** Reads the lines before the window, keeping the lines on screen where they are. */
function loadOlder() {
  const before = log.entries[0]?.seq ?? 0;
  if (log.loading || before <= 1) return;
  load(`before=${before}&tail=${CHUNK}`, (page) => {
    log.entries = page.logs.concat(log.entries);
    if (log.entries.length > MAX_LINES) log.entries.length = MAX_LINES;
    filterView();
    moveView(page.logs.filter(shown).length);
    if (page.logs.length) keepLoading(-1);
  });
}

/** Reads the lines after the window; once the window reaches the stored end, it follows the stream again. */
function loadNewer() {
  const after = lastLoaded();
  if (log.loading || attached()) return;
  load(`after=${after}&tail=${CHUNK}`, (page) => {
    log.entries = log.entries.concat(page.logs);
    const cut = Math.max(0, log.entries.length - MAX_LINES);
    const firstKept = log.entries[cut]?.seq ?? 0;
    const droppedRows = log.view.filter((entry) => entry.seq < firstKept).length;
    log.entries.splice(0, cut);
    filterView();
    moveView(-droppedRows);
    if (!page.truncated && !attached() && !log.ended) {
      // The store is behind the stream: the stream starts again where the window ends, so no line is missed.
      closeStream();
      log.streamSeq = lastLoaded();
      openStream();
    } else if (page.logs.length) keepLoading(1);
  });
}

/** After the window grew or shrank at the top by `rows` rows, keeps the same lines on screen. */
function moveView(rows) {
  const view = $('log-view');
  $('log-spacer').style.height = `${log.view.length * ROW}px`;
  view.scrollTop += rows * ROW;
  log.lastTop = view.scrollTop;
  log.pinnedTop = view.scrollTop;
}

/** Goes on reading in the same direction while the view is still at that edge of the window. */
function keepLoading(direction) {
  requestAnimationFrame(() => {
    const view = $('log-view');
    if (direction < 0 && view.scrollTop < EDGE * ROW) loadOlder();
    if (direction > 0 && view.scrollHeight - view.scrollTop - view.clientHeight < EDGE * ROW) loadNewer();
  });
}

// The line a link, "go to line" or a search match points at is shown even when a filter would hide it.
const shown = (entry) => entry.seq === log.target
  || (LEVELS.indexOf(entry.level) >= log.minLevel && !(log.hideProgress && isProgressLine(entry)));

function filterView() {
  log.view = log.minLevel === 0 && !log.hideProgress ? log.entries : log.entries.filter(shown);
  log.dirty = true;
}

/** Filters the view again, keeping the line at the top of the screen where it is (the end, when following). */
function refilterInPlace() {
  const view = $('log-view');
  const top = log.view[Math.floor(view.scrollTop / ROW)]?.seq;
  filterView();
  $('log-spacer').style.height = `${log.view.length * ROW}px`;
  if (top !== undefined && !log.follow) view.scrollTop = indexOf(top) * ROW + (view.scrollTop % ROW);
  log.lastTop = view.scrollTop;
  log.pinnedTop = view.scrollTop;
  scheduleRender();
}

/** Hides the `::progress::` lines from the view, or shows them (dimmed) again; the choice is kept in the browser. */
function setHideProgress(on) {
  log.hideProgress = on;
  $('hide-progress').checked = on;
  try {
    localStorage.setItem(HIDE_PROGRESS_KEY, String(on));
  } catch {
    // Storage may be off (a private window): the choice then lasts until the page is left.
  }
  refilterInPlace();
}

const storedHideProgress = () => {
  try {
    return localStorage.getItem(HIDE_PROGRESS_KEY) === 'true';
  } catch {
    return false;
  }
};

// ---- Progress marker lines: the rule of Progress.parseMarker in the domain, so that the page hides exactly the
// lines that update a run's progress: `::progress::` after optional white space, then `P%` (a Java double within
// 0..100) or `DONE/TOTAL` (Java longs, not negative), with white space allowed around each figure.

const MARKER = '::progress::';
// Java's Character.isWhitespace: separators but the non-breaking ones, and the ASCII controls it names.
const JAVA_SPACE = '\\t\\n\\v\\f\\r\\x1c-\\x20\\u1680\\u2000-\\u2006\\u2008-\\u200a\\u2028\\u2029\\u205f\\u3000';
const JAVA_STRIP = new RegExp(`^[${JAVA_SPACE}]+|[${JAVA_SPACE}]+$`, 'g');
const LEADING_SPACE = new RegExp(`^[${JAVA_SPACE}]*`);
const DECIMAL = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?[fFdD]?$/;
const HEX = /^([+-]?)0[xX](?:([0-9a-fA-F]+)\.?([0-9a-fA-F]*)|\.([0-9a-fA-F]+))[pP]([+-]?\d+)[fFdD]?$/;
// Java reads a long char by char: a digit outside the Basic Multilingual Plane is two chars and no digit.
const LONG = /^([+-]?)((?:(?![\u{10000}-\u{10ffff}])\p{Nd})+)$/u;
const LONG_MAX = 2n ** 63n - 1n;

/** Whether the entry is a progress marker line; remembered on the entry, as it is asked at every filtering. */
function isProgressLine(entry) {
  entry.progress ??= isProgressMarker(entry.message);
  return entry.progress;
}

function isProgressMarker(line) {
  const start = LEADING_SPACE.exec(line)[0].length;
  if (!line.startsWith(MARKER, start)) return false;
  const figure = line.slice(start + MARKER.length).replace(JAVA_STRIP, '');
  if (figure.endsWith('%')) {
    const percent = javaDouble(figure.slice(0, -1).replace(JAVA_STRIP, ''));
    return percent >= 0 && percent <= 100;
  }
  const slash = figure.indexOf('/');
  if (slash < 0) return false;
  const done = javaLong(figure.slice(0, slash).replace(JAVA_STRIP, ''));
  const total = javaLong(figure.slice(slash + 1).replace(JAVA_STRIP, ''));
  return done !== null && total !== null && done >= 0n && total >= 0n;
}

/** Double.parseDouble's value, or NaN where it throws (NaN and the infinities fail the range check anyway). */
function javaDouble(text) {
  const trimmed = text.replace(/^[\x00-\x20]+|[\x00-\x20]+$/g, '');
  if (DECIMAL.test(trimmed)) return Number(trimmed.replace(/[fFdD]$/, ''));
  const hex = HEX.exec(trimmed);
  if (!hex) return NaN;
  const [, sign, whole = '', fraction = '', onlyFraction = ''] = hex;
  const digits = fraction || onlyFraction;
  const significand = parseInt(whole || '0', 16) + (digits ? parseInt(digits, 16) / 16 ** digits.length : 0);
  // Zero stays zero whatever the exponent (0 times an infinite power would be NaN).
  return significand === 0 ? 0 : (sign === '-' ? -1 : 1) * significand * 2 ** Number(hex[5]);
}

/** Long.parseLong's value, or null where it throws; like Java, it takes the decimal digits of other scripts. */
function javaLong(text) {
  const match = LONG.exec(text);
  if (!match) return null;
  const digits = [...match[2]].map(asciiDigit).join('');
  const value = BigInt(digits) * (match[1] === '-' ? -1n : 1n);
  return value > LONG_MAX || value < -LONG_MAX - 1n ? null : value;
}

// Unicode encodes every script's digits as runs of ten code points, 0 to 9.
function asciiDigit(digit) {
  if (digit >= '0' && digit <= '9') return digit;
  let point = digit.codePointAt(0);
  let offset = 0;
  while (/\p{Nd}/u.test(String.fromCodePoint(point - 1))) {
    point--;
    offset++;
  }
  return String(offset % 10);
}

/** Makes the window end at the last line again, to follow it. */
async function goToEnd() {
  if (attached() && log.entries[0]) return;
  const live = !log.ended;
  if (live) closeStream();
  await loadEnd();
  if (live && log.runId && !log.source) openStream();
}

function openStream() {
  const runId = log.runId;
  if (log.ended || log.source) return;
  const query = new URLSearchParams();
  const token = sessionStorage.getItem(TOKEN_KEY);
  if (token) query.set('token', token);
  query.set('after', String(log.streamSeq));
  const source = new EventSource(`/api/runs/${enc(runId)}/logs/stream?${query}`);
  log.source = source;
  log.live = false;
  const mine = () => log.source === source;
  source.onopen = () => { log.retry = 0; log.live = true; scheduleRender(); };
  // The browser reconnects by itself with Last-Event-ID; addEntry still drops any seq already here.
  source.onmessage = (event) => { if (mine()) addEntry(JSON.parse(event.data)); };
  source.addEventListener('status', () => { if (mine()) poll(); });
  source.addEventListener('frame', (event) => { if (mine()) showRedrawn(JSON.parse(event.data)); });
  source.addEventListener('complete', () => {
    if (!mine()) return;
    closeStream();
    markEnded();
  });
  // CLOSED means the browser gave up: a 204 (the run ended and every line is here), a 401, a 404 or an error.
  source.onerror = () => { if (mine() && source.readyState === EventSource.CLOSED) streamClosed(runId); };
}

function closeStream() {
  log.source?.close();
  log.source = null;
  log.live = false;
  log.redrawn = null;
}

/**
 * A frame of the line being written (a progress bar redrawn with a lone CR): shown in place below the last line,
 * provisionally, until that line comes. It is no line: not counted, not kept in the window.
 */
function showRedrawn(frame) {
  log.redrawn = frame;
  scheduleRender();
}

/** The frame to show below the last line: while the window is at the end and the frame's line has not come. */
function redrawnShown() {
  if (log.redrawn && log.redrawn.seq <= log.streamSeq) log.redrawn = null;
  return log.redrawn && attached() ? log.redrawn : null;
}

/** Puts the frame's row after the rows when the view reaches the last line, or takes it away. */
function placeRedrawn(frame, atEnd) {
  const rows = $('log-rows');
  let row = rows.lastElementChild?.classList.contains('redrawn') ? rows.lastElementChild : null;
  if (!frame || !atEnd) {
    row?.remove();
    return;
  }
  if (!row) {
    row = h('div', { class: 'line redrawn', title: 'The line being written: it is redrawn until it ends' });
    rows.append(row);
  }
  if (row.redrawn === frame) return;
  row.redrawn = frame;
  const stderr = frame.stream === 'stderr';
  row.classList.toggle('stderr', stderr);
  row.replaceChildren(h('span', { class: 'seq', text: frame.seq }), h('span', { class: 'ts', text: '' }),
    h('span', { class: 'lv', text: '…' }), h('span', { class: 'st', text: stderr ? 'err' : '' }),
    message(frame.message));
}

async function streamClosed(runId) {
  closeStream();
  try {
    const run = await api(`/api/runs/${enc(runId)}`);
    if (log.runId !== runId) return;
    if (ACTIVE.has(run.status)) {
      log.retry = Math.min(log.retry + 1, 5);
      setTimeout(() => { if (log.runId === runId && !log.source) openStream(); }, 1000 * log.retry);
      return;
    }
    // The lines the stream did not bring are read while the window is at the end; else they are counted only.
    for (let more = true; more && log.runId === runId;) {
      const query = attached() ? `after=${log.streamSeq}&tail=10000` : 'tail=1';
      const page = await api(logsUrl(query));
      if (log.runId !== runId) return;
      log.total = Math.max(log.total, page.total_lines);
      if (!attached()) break;
      page.logs.forEach(addEntry);
      more = page.truncated && page.logs.length > 0;
    }
    markEnded();
  } catch (error) {
    if (log.runId === runId) $('log-run').textContent = `The log cannot be read: ${error.message}`;
  }
}

function markEnded() {
  log.ended = true;
  log.streamSeq = Math.max(log.streamSeq, log.total);
  scheduleRender();
  poll();
}

function addEntry(entry) {
  if (entry.seq <= log.streamSeq) return;
  const wasAttached = attached();
  log.streamSeq = entry.seq;
  log.total = Math.max(log.total, entry.seq);
  log.received++;
  if (wasAttached && entry.seq > lastLoaded()) {
    log.entries.push(entry);
    if (log.view !== log.entries && shown(entry)) log.view.push(entry);
    if (log.entries.length > MAX_LINES) dropOldest();
  }
  scheduleRender();
}

// Drops a tenth at a time, so that the cost is spread over many lines; scrolling up reads them again.
function dropOldest() {
  const cut = MAX_LINES / 10;
  const firstKept = log.entries[cut].seq;
  log.entries.splice(0, cut);
  const before = log.view.length;
  if (log.view !== log.entries) {
    const keep = log.view.findIndex((entry) => entry.seq >= firstKept);
    log.view.splice(0, keep < 0 ? log.view.length : keep);
  }
  const removed = log.view === log.entries ? cut : before - log.view.length;
  if (!log.follow) moveView(-removed);
  log.dirty = true;
}

function setLevel() {
  log.minLevel = Number($('log-level').value);
  filterView();
  if (log.target && !log.follow) showLine(log.target);
  scheduleRender();
}

function setFollow(on) {
  log.follow = on;
  $('follow').checked = on;
  if (!on) return;
  // Where the view is now counts as where the page put it, until the next render puts it at the end.
  log.pinnedTop = $('log-view').scrollTop;
  if (log.target) setTarget(0);
  if (log.runId && !attached()) goToEnd();
  scheduleRender();
}

function scheduleRender() {
  log.frame ||= requestAnimationFrame(render);
}

function render() {
  log.frame = 0;
  const view = $('log-view');
  const redrawn = redrawnShown();
  $('log-spacer').style.height = `${(log.view.length + (redrawn ? 1 : 0)) * ROW}px`;
  if (log.follow && attached()) {
    view.scrollTop = view.scrollHeight;
    log.pinnedTop = view.scrollTop;
    log.lastTop = view.scrollTop;
  }
  const first = Math.max(0, Math.floor(view.scrollTop / ROW) - ROW_MARGIN);
  const last = Math.min(log.view.length, Math.ceil((view.scrollTop + view.clientHeight) / ROW) + ROW_MARGIN);
  if (log.dirty || first !== log.first || last !== log.last) {
    // Rows still in range are kept, unless the view changed under them.
    const kept = new Map(log.dirty ? [] : [...$('log-rows').children].map((row) => [row.dataset.seq, row]));
    const lines = log.view.slice(first, last).map((entry) => kept.get(String(entry.seq)) ?? lineRow(entry));
    $('log-rows').style.transform = `translateY(${first * ROW}px)`;
    $('log-rows').replaceChildren(...lines);
    Object.assign(log, { first, last, dirty: false });
  }
  placeRedrawn(redrawn, last === log.view.length);
  const filtered = log.view === log.entries ? '' : ` (${log.view.length.toLocaleString()} shown)`;
  const end = log.ended ? ' · ended' : log.live && attached() ? ' · live' : '';
  $('log-count').textContent = log.runId ? `${log.total.toLocaleString()} lines${filtered}${end}` : '';
  $('log-count').title = log.entries.length
    ? `Lines ${log.entries[0].seq.toLocaleString()} to ${lastLoaded().toLocaleString()} are loaded` : '';
}

/** A scroll by someone: stops or starts following the end, and reads more lines at an edge of the window. */
function scrolled() {
  const view = $('log-view');
  const atEnd = view.scrollHeight - view.scrollTop - view.clientHeight < ROW * 2;
  const moved = view.scrollTop - log.lastTop;
  log.lastTop = view.scrollTop;
  // Only a move up from where the page put the view is someone scrolling away. A layout change between the
  // page's scroll and this event can leave the view above the end too; the next render pins it again.
  if (atEnd && !log.follow && !log.jumping && attached()) setFollow(true);
  else if (!atEnd && log.follow && view.scrollTop < log.pinnedTop - 1) setFollow(false);
  if (log.runId && moved < 0 && view.scrollTop < EDGE * ROW) loadOlder();
  if (log.runId && moved > 0 && !attached() && view.scrollHeight - view.scrollTop - view.clientHeight < EDGE * ROW) {
    loadNewer();
  }
  scheduleRender();
}

/** Opens a link to a line: the line number puts the line in the address and highlights it. */
function lineLink(event) {
  const link = event.target.closest('a.seq');
  if (!link || event.button !== 0 || event.ctrlKey || event.metaKey || event.shiftKey) return;
  event.preventDefault();
  setFollow(false);
  setTarget(Number(link.closest('.line').dataset.seq));
}

function goToLine(event) {
  event.preventDefault();
  const seq = Number($('goto-line').value);
  if (Number.isInteger(seq) && seq >= 1) showLine(seq);
}

/** An address changed by hand or by a link: shows its run and line. */
function hashChanged() {
  const place = new URLSearchParams(location.hash.slice(1));
  const run = place.get('run');
  const line = Number(place.get('line')) || 0;
  if (run && run !== log.runId) openRun(run, undefined, line);
  else if (run && line && line !== log.target) showLine(line);
}

function lineRow(entry) {
  const stderr = entry.stream === 'stderr';
  const classes = ['line', `lv-${entry.level.toLowerCase()}`, stderr ? 'stderr' : '',
    isProgressLine(entry) ? 'marker' : ''];
  if (entry.seq === log.target) classes.push('target');
  return markMatch(h('div', { class: classes.filter(Boolean).join(' '), 'data-seq': entry.seq },
    h('a', { class: 'seq', text: entry.seq, href: lineHref(entry.seq), title: 'Link to this line' }),
    h('span', { class: 'ts', text: clockFormat.format(new Date(entry.timestamp)) }),
    h('span', { class: 'lv', text: entry.level }),
    h('span', { class: 'st', text: stderr ? 'err' : '', title: stderr ? 'standard error' : null }),
    message(entry.message)), entry);
}

function lineHref(seq) {
  const params = new URLSearchParams();
  if (state.module) params.set('module', state.module.id);
  params.set('run', log.runId);
  params.set('line', String(seq));
  return `#${params}`;
}

const SGR = /\x1b\[([0-9;]*)m/g;
const OTHER_ESCAPES = /\x1b\[[0-9;?]*[A-Za-ln-z]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)?/g;

/** The message as text nodes; ANSI colour and bold codes become spans with classes, other escapes are dropped. */
function message(text) {
  const node = h('span', { class: 'msg' });
  const cut = text.length > MAX_CHARS ? text.length - MAX_CHARS : 0;
  const shown = (cut ? text.slice(0, MAX_CHARS) : text).replace(OTHER_ESCAPES, '');
  let fg = null;
  let bold = false;
  let at = 0;
  const add = (part) => {
    if (!part) return;
    const classes = [fg !== null ? `ansi-${fg}` : '', bold ? 'ansi-bold' : ''].filter(Boolean).join(' ');
    node.append(classes ? h('span', { class: classes, text: part }) : part);
  };
  for (const match of shown.matchAll(SGR)) {
    add(shown.slice(at, match.index));
    at = match.index + match[0].length;
    const codes = (match[1] || '0').split(';').map(Number);
    for (let i = 0; i < codes.length; i++) {
      const code = codes[i];
      if (code === 0) { fg = null; bold = false; } else if (code === 1) bold = true;
      else if (code === 22) bold = false;
      else if (code === 39) fg = null;
      else if ((code >= 30 && code <= 37) || (code >= 90 && code <= 97)) fg = code;
      else if (code === 38 || code === 48) i += codes[i + 1] === 5 ? 2 : 4;   // 256-colour and RGB: not shown
    }
  }
  add(shown.slice(at));
  const more = ` … ${cut.toLocaleString()} more characters in the download`;
  if (cut) node.append(h('span', { class: 'cut', text: more }));
  return node;
}

// A link streams the file straight to disk; it cannot send a header, so a token rides along as ?token=.
function downloadHref(id) {
  const token = sessionStorage.getItem(TOKEN_KEY);
  return `/api/runs/${enc(id)}/logs/download${token ? `?token=${encodeURIComponent(token)}` : ''}`;
}

// ---- Search: the server searches the whole stored log; the page keeps the matches' seqs, moves between them
// and highlights them. Moving to a match goes through showLine(seq).

const SEARCH_PAGE = 1000;
const search = { text: '', regex: false, caseSensitive: false, runId: null, matches: [], entries: new Map(),
  total: null, nextFrom: null, index: -1, asked: 0, highlight: null, timer: 0 };

function clearSearch() {
  Object.assign(search, { runId: null, matches: [], entries: new Map(), total: null, nextFrom: null, index: -1,
    highlight: null });
  search.asked++;
  $('search-count').textContent = '';
  log.dirty = true;
}

// Encoded by hand: URLSearchParams writes a space as '+', which the service reads as a plus sign.
function searchQuery(from) {
  let query = `q=${enc(search.text)}&limit=${SEARCH_PAGE}`;
  if (search.regex) query += '&regex=true';
  if (search.caseSensitive) query += '&case_sensitive=true';
  if (from != null) query += `&from=${from}`;
  return `/api/runs/${enc(search.runId)}/logs/search?${query}`;
}

/** Starts a search of the open run for what the box holds, and moves to its first match. */
async function startSearch() {
  const text = $('search-text').value;
  clearSearch();
  Object.assign(search, { text, regex: $('search-regex').checked, caseSensitive: $('search-case').checked });
  if (!text || !log.runId) {
    scheduleRender();
    return;
  }
  search.runId = log.runId;
  search.highlight = highlighter(text, search.regex, search.caseSensitive);
  $('search-count').textContent = 'Searching…';
  if (await moreMatches()) moveToMatch(search.matches.length ? 0 : -1);
}

/**
 * Fetches the next page of matches (pages that ran out of time with none go on by themselves). False when the
 * search changed meanwhile or failed.
 */
async function moreMatches() {
  const asked = search.asked;
  try {
    let added = 0;
    do {
      const page = await api(searchQuery(search.matches.length || search.nextFrom ? search.nextFrom : null));
      if (asked !== search.asked) return false;
      for (const entry of page.matches) {
        search.matches.push(entry.seq);
        search.entries.set(entry.seq, entry);
      }
      added += page.matches.length;
      search.nextFrom = page.next_from;
      search.total = page.total;
    } while (added === 0 && search.nextFrom != null);
    return true;
  } catch (error) {
    if (asked === search.asked) $('search-count').textContent = error.message;
    return false;
  }
}

async function nextMatch(step) {
  if (!search.runId || search.runId !== log.runId) return startSearch();
  let index = search.index + step;
  if (index >= search.matches.length && search.nextFrom != null) {
    if (!await moreMatches()) return undefined;
  }
  const count = search.matches.length;
  if (!count) return undefined;
  // Wraps around only once every match is known.
  if (index >= count) index = search.nextFrom == null ? 0 : count - 1;
  if (index < 0) index = search.nextFrom == null ? count - 1 : 0;
  return moveToMatch(index);
}

function moveToMatch(index) {
  search.index = index;
  showSearchCount();
  log.dirty = true;
  if (index >= 0) showLine(search.matches[index]);
  scheduleRender();
}

function showSearchCount() {
  const known = search.nextFrom == null ? String(search.matches.length) : `${search.matches.length}+`;
  const total = search.total != null ? String(search.total) : known;
  $('search-count').textContent = search.matches.length === 0 ? 'No matches'
    : `${search.index + 1} of ${total}`;
}

/** Marks a log row that is a match, and the current one; highlights the matching text where the page can. */
function markMatch(row, entry) {
  if (!search.runId || !search.entries.has(entry.seq)) return row;
  row.classList.add('match');
  if (search.matches[search.index] === entry.seq) row.classList.add('current');
  if (search.highlight) highlightText(row.querySelector('.msg'), search.highlight);
  return row;
}

/** A JavaScript expression for the highlight; null when the server's (Java) syntax is not also JavaScript's. */
function highlighter(text, regex, caseSensitive) {
  const source = regex ? text : text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  try {
    return new RegExp(source, caseSensitive ? 'gu' : 'giu');
  } catch {
    return null;
  }
}

function highlightText(node, pattern) {
  const texts = [];
  const walker = document.createTreeWalker(node, NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) texts.push(walker.currentNode);
  for (const text of texts) {
    const value = text.nodeValue;
    const parts = [];
    let at = 0;
    for (const match of value.matchAll(pattern)) {
      if (!match[0]) break;
      parts.push(value.slice(at, match.index), h('mark', { text: match[0] }));
      at = match.index + match[0].length;
    }
    if (parts.length) text.replaceWith(...parts, value.slice(at));
  }
}

function wireSearch() {
  $('log-search').addEventListener('submit', (event) => event.preventDefault());
  $('search-text').addEventListener('keydown', (event) => {
    if (event.key !== 'Enter') return;
    event.preventDefault();
    nextMatch(event.shiftKey ? -1 : 1);
  });
  const restart = () => {
    clearTimeout(search.timer);
    search.timer = setTimeout(startSearch, 300);
  };
  $('search-text').addEventListener('input', restart);
  $('search-regex').addEventListener('change', restart);
  $('search-case').addEventListener('change', restart);
  $('search-next').addEventListener('click', () => nextMatch(1));
  $('search-prev').addEventListener('click', () => nextMatch(-1));
}

// ---- Start

function wire() {
  $('module-search').addEventListener('input', renderModules);
  $('launch-form').addEventListener('submit', launch);
  $('launch-form').addEventListener('input', (event) => {
    applyConditions();
    if (event.target.name) showFieldError(event.target.name, null);
  });
  $('reset-config').addEventListener('click', resetConfig);
  $('filter-module').addEventListener('change', poll);
  $('filter-status').addEventListener('change', poll);
  $('log-level').addEventListener('change', setLevel);
  $('follow').addEventListener('change', (event) => setFollow(event.target.checked));
  $('hide-progress').addEventListener('change', (event) => setHideProgress(event.target.checked));
  wireSearch();
  $('download').addEventListener('click', (event) => { event.currentTarget.href = downloadHref(state.runId); });
  $('log-view').addEventListener('scroll', scrolled, { passive: true });
  $('log-rows').addEventListener('click', lineLink);
  $('goto-form').addEventListener('submit', goToLine);
  window.addEventListener('hashchange', hashChanged);
  new ResizeObserver(scheduleRender).observe($('log-view'));
  window.addEventListener('resize', scheduleRender);
}

async function start() {
  wire();
  log.hideProgress = storedHideProgress();
  $('hide-progress').checked = log.hideProgress;
  const place = new URLSearchParams(location.hash.slice(1));
  try {
    await loadModules();
  } catch (error) {
    notice(`Cannot load the modules: ${error.message}`, true);
  }
  if (place.get('module')) await selectModule(place.get('module'));
  if (place.get('run')) openRun(place.get('run'), undefined, Number(place.get('line')) || 0);
  await poll();
}

start();
