// PrismQ Runner's web page: modules, a launch form built from their parameters, runs, and a live log view.
// Plain JavaScript without a build step; it talks only to this service's /api.
'use strict';

const TOKEN_KEY = 'prismq-runner.token';
const LEVELS = ['DEBUG', 'INFO', 'WARNING', 'ERROR', 'CRITICAL'];
const ACTIVE = new Set(['queued', 'running']);
const ROW = 20;              // px; the fixed height of a log line, as --row in app.css
const ROW_MARGIN = 30;       // rows rendered above and below the visible ones
const MAX_LINES = 200000;    // lines kept in the page; older ones leave it (the download has them all)
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

// ---- State kept in the address (#module=…&run=…), so a reload comes back to the same place

const state = { modules: [], module: null, runId: null, runs: new Map(), runsSeen: false, anyActive: false,
  unreachable: false };

function saveLocation() {
  const params = new URLSearchParams();
  if (state.module) params.set('module', state.module.id);
  if (state.runId) params.set('run', state.runId);
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
  };
  row.open = h('button', { type: 'button', class: 'run-open', onclick: () => openRun(id) },
    row.name, row.status, h('span', { class: 'run-meta' }, row.time, row.duration, row.progress, row.items));
  row.cancel = h('button', { type: 'button', class: 'danger', text: 'Cancel', onclick: () => confirmCancel(id) });
  row.li = h('li', { class: 'run', 'data-run': id }, row.open, row.cancel);
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
  row.cancel.hidden = !ACTIVE.has(run.status);
  row.cancel.setAttribute('aria-label', `Cancel ${run.module_name} run ${run.run_id}`);
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

// ---- Log view: live over Server-Sent Events, rendered as a virtual list of fixed-height rows

const log = { runId: null, source: null, entries: [], view: [], lastSeq: 0, minLevel: 0, dropped: 0,
  ended: false, frame: 0, first: -1, last: -1, dirty: true, retry: 0, pinnedTop: 0 };

function openRun(id, run) {
  if (log.runId === id) return;
  closeStream();
  clearSearch();
  Object.assign(log, { runId: id, entries: [], lastSeq: 0, dropped: 0, ended: false, dirty: true });
  log.view = log.entries;
  setLevel();
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
  setFollow(true);
  if (run ?? state.runs.get(id)) showRunHeader(run ?? state.runs.get(id));
  else api(`/api/runs/${enc(id)}`).then(showRunHeader, (error) => { $('log-run').textContent = error.message; });
  openStream();
  scheduleRender();
}

function showRunHeader(run) {
  if (run.run_id !== log.runId) return;
  const exit = run.exit_code != null ? ` · exit code ${run.exit_code}` : '';
  const error = run.error_message ? ` · ${run.error_message}` : '';
  $('log-run').textContent = `${run.module_name} · ${run.run_id} · ${run.status}${exit}${error}`;
}

function openStream() {
  const runId = log.runId;
  const query = new URLSearchParams();
  if (log.lastSeq) query.set('after', String(log.lastSeq));
  const token = sessionStorage.getItem(TOKEN_KEY);
  if (token) query.set('token', token);
  const source = new EventSource(`/api/runs/${enc(runId)}/logs/stream${query.size ? `?${query}` : ''}`);
  log.source = source;
  const mine = () => log.source === source;
  source.onopen = () => { log.retry = 0; };
  // The browser reconnects by itself with Last-Event-ID; addEntry still drops any seq already shown.
  source.onmessage = (event) => { if (mine()) addEntry(JSON.parse(event.data)); };
  source.addEventListener('status', () => { if (mine()) poll(); });
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
    for (let more = true; more && log.runId === runId;) {
      const page = await api(`/api/runs/${enc(runId)}/logs?after=${log.lastSeq}&tail=10000`);
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
  scheduleRender();
  poll();
}

function addEntry(entry) {
  if (entry.seq <= log.lastSeq) return;
  log.lastSeq = entry.seq;
  log.entries.push(entry);
  if (log.view !== log.entries && LEVELS.indexOf(entry.level) >= log.minLevel) log.view.push(entry);
  if (log.entries.length > MAX_LINES) dropOldest();
  scheduleRender();
}

// Drops a tenth at a time, so that the cost is spread over many lines.
function dropOldest() {
  const cut = MAX_LINES / 10;
  log.entries.splice(0, cut);
  log.dropped += cut;
  const firstSeq = log.entries[0].seq;
  const before = log.view.length;
  if (log.view !== log.entries) {
    const keep = log.view.findIndex((entry) => entry.seq >= firstSeq);
    log.view.splice(0, keep < 0 ? log.view.length : keep);
  }
  const removed = log.view === log.entries ? cut : before - log.view.length;
  if (!log.follow) $('log-view').scrollTop -= removed * ROW;
  $('log-note').textContent = `Showing the last ${log.entries.length.toLocaleString()} lines; `
    + `${log.dropped.toLocaleString()} earlier ones are in the download.`;
  $('log-note').hidden = false;
  log.dirty = true;
}

function setLevel() {
  log.minLevel = Number($('log-level').value);
  log.view = log.minLevel === 0 ? log.entries
    : log.entries.filter((entry) => LEVELS.indexOf(entry.level) >= log.minLevel);
  log.dirty = true;
  scheduleRender();
}

function setFollow(on) {
  log.follow = on;
  $('follow').checked = on;
  if (!on) return;
  // Where the view is now counts as where the page put it, until the next render puts it at the end.
  log.pinnedTop = $('log-view').scrollTop;
  scheduleRender();
}

function scheduleRender() {
  log.frame ||= requestAnimationFrame(render);
}

function render() {
  log.frame = 0;
  const view = $('log-view');
  $('log-spacer').style.height = `${log.view.length * ROW}px`;
  if (log.follow) {
    view.scrollTop = view.scrollHeight;
    log.pinnedTop = view.scrollTop;
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
  const total = log.dropped + log.entries.length;
  const filtered = log.view === log.entries ? '' : ` (${log.view.length.toLocaleString()} shown)`;
  const end = log.ended ? ' · ended' : log.source ? ' · live' : '';
  $('log-count').textContent = log.runId ? `${total.toLocaleString()} lines${filtered}${end}` : '';
}

function lineRow(entry) {
  const stderr = entry.stream === 'stderr';
  const classes = ['line', `lv-${entry.level.toLowerCase()}`, stderr ? 'stderr' : '',
    entry.message.startsWith('::progress::') ? 'marker' : ''];
  return markMatch(h('div', { class: classes.filter(Boolean).join(' '), 'data-seq': entry.seq },
    h('span', { class: 'seq', text: entry.seq }),
    h('span', { class: 'ts', text: clockFormat.format(new Date(entry.timestamp)) }),
    h('span', { class: 'lv', text: entry.level }),
    h('span', { class: 'st', text: stderr ? 'err' : '', title: stderr ? 'standard error' : null }),
    message(entry.message)), entry);
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

// ---- Showing one line. A minimal version: it scrolls to a line the page holds, and for one it does not hold
// (dropped from the page, or hidden by the level filter) it shows the search's copy of the line in the note.
// The navigation code (windows around any line) replaces it.

function showLine(seq) {
  const index = indexInView(seq);
  if (index < 0) {
    const entry = search.entries.get(seq);
    $('log-note').textContent = `Line ${seq.toLocaleString()} is not loaded in the page`
      + (entry ? `: ${entry.message.replace(OTHER_ESCAPES, '').replace(SGR, '')}` : '.');
    $('log-note').hidden = false;
    return false;
  }
  setFollow(false);
  const view = $('log-view');
  view.scrollTop = Math.max(0, index * ROW - (view.clientHeight - ROW) / 2);
  log.dirty = true;
  scheduleRender();
  return true;
}

/** Where the line with {@code seq} is in the view, or -1. */
function indexInView(seq) {
  let low = 0;
  let high = log.view.length - 1;
  while (low <= high) {
    const middle = (low + high) >> 1;
    const found = log.view[middle].seq;
    if (found === seq) return middle;
    if (found < seq) low = middle + 1;
    else high = middle - 1;
  }
  return -1;
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
  wireSearch();
  $('download').addEventListener('click', (event) => { event.currentTarget.href = downloadHref(state.runId); });
  $('log-view').addEventListener('scroll', () => {
    const view = $('log-view');
    const atEnd = view.scrollHeight - view.scrollTop - view.clientHeight < ROW * 2;
    // Only a move up from where the page put the view is someone scrolling away. A layout change between the
    // page's scroll and this event can leave the view above the end too; the next render pins it again.
    if (atEnd && !log.follow) setFollow(true);
    else if (!atEnd && log.follow && view.scrollTop < log.pinnedTop - 1) setFollow(false);
    scheduleRender();
  }, { passive: true });
  new ResizeObserver(scheduleRender).observe($('log-view'));
  window.addEventListener('resize', scheduleRender);
}

async function start() {
  wire();
  const place = new URLSearchParams(location.hash.slice(1));
  try {
    await loadModules();
  } catch (error) {
    notice(`Cannot load the modules: ${error.message}`, true);
  }
  if (place.get('module')) await selectModule(place.get('module'));
  if (place.get('run')) openRun(place.get('run'));
  await poll();
}

start();
