// The dashboard: plain browser JavaScript, no build step. The API key lives in sessionStorage only
// (gone when the tab closes) and travels as X-API-Key; every value from the API is inserted as text, never HTML.
(function () {
  'use strict';
  const KEY = 'rivulet.apiKey';
  const $ = (id) => document.getElementById(id);
  const charts = {};
  const palette = ['#2563eb', '#16a34a', '#dc2626', '#9333ea', '#ea580c', '#0891b2', '#ca8a04', '#db2777'];

  function el(tag, attrs, children) {
    const node = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) node.setAttribute(k, v);
    for (const c of [].concat(children || [])) node.append(c instanceof Node ? c : document.createTextNode(c == null ? '' : String(c)));
    return node;
  }

  function table(id, headers, rows, numeric) {
    const t = $(id);
    t.replaceChildren(
      el('thead', {}, el('tr', {}, headers.map((h, i) => el('th', numeric && numeric[i] ? { class: 'num' } : {}, h)))),
      el('tbody', {}, rows.map((r) => el('tr', {}, r.map((c, i) => (c instanceof Node ? el('td', {}, c) : el('td', numeric && numeric[i] ? { class: 'num' } : {}, c)))))),
    );
  }

  async function api(path) {
    const res = await fetch(path, { headers: { 'X-API-Key': sessionStorage.getItem(KEY) || '' } });
    const body = await res.json();
    if (!res.ok) throw new Error(body.detail || res.statusText);
    return body;
  }

  const fmt = (n) => (typeof n === 'number' ? n.toLocaleString('en-GB', { maximumFractionDigits: 3 }) : String(n));
  const pct = (n) => (typeof n === 'number' ? (n * 100).toFixed(1) + '%' : '');

  function draw(id, config) {
    if (charts[id]) charts[id].destroy();
    charts[id] = new Chart($(id), config);
  }

  function renderKpis(kpis) {
    const labels = [...new Set(kpis.flatMap((s) => s.points.map((p) => p.window_start)))].sort();
    draw('kpi-chart', {
      type: 'line',
      data: {
        labels: labels.map((l) => l.slice(5, 16).replace('T', ' ')),
        datasets: kpis.map((s, i) => {
          const byTime = new Map(s.points.map((p) => [p.window_start, p.value]));
          return { label: s.kpi + ' (' + s.unit + ')', data: labels.map((l) => (byTime.has(l) ? byTime.get(l) : null)), borderColor: palette[i % palette.length], spanGaps: true };
        }),
      },
      options: { animation: false, responsive: true, plugins: { legend: { position: 'bottom' } } },
    });
    table('kpi-table', ['KPI', 'unit', 'windows', 'total'], kpis.map((s) => [s.kpi, s.unit, s.points.length, fmt(s.points.reduce((a, p) => a + p.value, 0))]), [0, 0, 1, 1]);
  }

  function renderQuality(rows) {
    draw('quality-chart', {
      type: 'bar',
      data: { labels: rows.map((r) => r.source_system), datasets: [{ label: 'quality score', data: rows.map((r) => r.quality_score), backgroundColor: '#16a34a' }] },
      options: { animation: false, scales: { y: { min: 0, max: 1 } }, plugins: { legend: { display: false } } },
    });
    table('quality-table', ['source', 'records', 'score', 'failed', 'pass rate'], rows.map((r) => [r.source_system, fmt(r.records), pct(r.quality_score), fmt(r.failed), pct(r.pass_rate)]), [0, 1, 1, 1, 1]);
  }

  function renderIssues(issues) {
    $('issue-summary').replaceChildren(
      el('span', { class: 'stat' }, [el('b', { 'data-testid': 'issues-total' }, fmt(issues.total)), 'issues']),
      ...Object.entries(issues.by_severity).map(([s, n]) => el('span', { class: 'stat' }, [el('b', {}, fmt(n)), s])),
    );
    table('issues-table', ['time', 'source', 'check', 'severity', 'message'], issues.latest.map((i) => [String(i.event_time).slice(0, 19).replace('T', ' '), i.source_system + '/' + i.entity, i.check_name, i.severity, i.message]));
  }

  function renderRca(findings) {
    if (findings.length === 0) return $('rca').replaceChildren(el('p', { class: 'muted' }, 'No findings.'));
    $('rca').replaceChildren(
      ...findings.map((f) =>
        el('div', { class: 'finding', 'data-analysis': f.analysis_id }, [
          el('strong', {}, f.metric),
          ' ', el('span', { class: 'muted' }, String(f.window_start).slice(0, 16).replace('T', ' ') + ' · confidence ' + pct(f.confidence)),
          el('ol', {}, [...(f.root_causes || [])].sort((a, b) => a.rank - b.rank).map((c) =>
            el('li', { class: 'cause' }, Object.entries(c.dimensions || {}).map(([k, v]) => k + '=' + v).join(', ') + ' — ' + pct(c.share) + ' of the change'))),
        ]),
      ),
    );
  }

  function renderEntityCounts(e) {
    $('entity-counts').replaceChildren(
      el('span', { class: 'stat' }, [el('b', { 'data-testid': 'entities-active' }, fmt(e.active)), 'active entities']),
      el('span', { class: 'stat' }, [el('b', {}, fmt(e.members)), 'member records']),
      el('span', { class: 'stat' }, [el('b', {}, fmt(e.merged)), 'merged']),
    );
  }

  async function showEntity(id) {
    const e = await api('/entities/' + encodeURIComponent(id));
    const name = e.golden.organization_name || e.golden.full_name || e.entity_id;
    $('entity-detail').replaceChildren(el('h3', {}, name), el('table', { id: 'members-table' }));
    table('members-table', ['member', 'source', 'record', 'confidence'], e.members.map((m) => [m.member_key, m.source_system, m.record_id, pct(m.confidence)]), [0, 0, 0, 1]);
  }

  async function searchEntities(term) {
    const page = await api('/entities?limit=20' + (term ? '&search=' + encodeURIComponent(term) : ''));
    table('entities-table', ['entity', 'name', 'members', 'region'], page.items.map((e) => {
      const link = el('a', { href: '#', 'data-entity': e.entity_id }, e.entity_id);
      link.addEventListener('click', (ev) => { ev.preventDefault(); showEntity(e.entity_id).catch(fail); });
      return [link, e.golden.organization_name || '(encrypted)', e.member_count, e.region || ''];
    }));
  }

  function fail(error) {
    $('status').textContent = error.message;
    $('status').className = 'error';
  }

  async function load() {
    $('status').textContent = 'loading…';
    $('status').className = '';
    const data = await api('/dashboard/data?window=' + $('window').value);
    renderKpis(data.kpis);
    renderQuality(data.quality_by_source);
    renderIssues(data.open_issues);
    renderRca(data.rca_findings);
    renderEntityCounts(data.entities);
    await searchEntities('');
    const lag = data.freshness ? data.freshness.lag_records : null;
    $('lag').textContent = 'read model lag: ' + (lag == null ? 'unknown' : fmt(lag) + ' records') + (data.cached ? ' (cached)' : '');
    $('status').textContent = 'loaded ' + new Date().toLocaleTimeString();
    document.body.dataset.loaded = 'true';
  }

  $('key-form').addEventListener('submit', (ev) => {
    ev.preventDefault();
    const key = $('api-key').value.trim();
    if (key) sessionStorage.setItem(KEY, key);
    load().catch(fail);
  });
  $('entity-form').addEventListener('submit', (ev) => {
    ev.preventDefault();
    searchEntities($('entity-search').value.trim()).catch(fail);
  });
  if (sessionStorage.getItem(KEY)) load().catch(fail);
})();
