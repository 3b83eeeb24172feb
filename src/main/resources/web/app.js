// Chorus dashboard: sentiment by community (SVG chart), the live feed (server-sent events) and pipeline health.
// No libraries and no external resources: everything is drawn here. Text from the stream is only ever set with
// textContent, never parsed as HTML.
//
// Bearer token (when the server has http.token): open the page once as /#token=<token>. A fragment is never sent to
// a server nor in a Referer header; the page keeps the token in sessionStorage (this tab only) and removes the
// fragment from the address bar and history. Without it, the first 401 prompts for it. (The server refuses a page
// address with ?token=, since a query ends up in logs.)
'use strict';

(function () {
  const TOKEN_KEY = 'chorus.token';
  const SVG_NS = 'http://www.w3.org/2000/svg';
  const PALETTE = ['#1f77b4', '#d62728', '#2ca02c', '#9467bd', '#ff7f0e', '#17becf', '#8c564b', '#e377c2', '#7f7f7f', '#bcbd22'];
  const FEED_MAX = 100;
  const el = (id) => document.getElementById(id);

  // ---- token and API calls ----
  const fragment = new URLSearchParams(location.hash.replace(/^#/, ''));
  if (fragment.get('token')) {
    sessionStorage.setItem(TOKEN_KEY, fragment.get('token'));
    fragment.delete('token');
    const rest = fragment.toString();
    history.replaceState(null, '', location.pathname + location.search + (rest ? '#' + rest : ''));
  }
  let prompted = false;

  function authHeaders() {
    const token = sessionStorage.getItem(TOKEN_KEY);
    return token ? { Authorization: 'Bearer ' + token } : {};
  }

  function askForToken() {
    if (prompted) return false;
    prompted = true;
    const token = window.prompt('This Chorus API needs its bearer token (http.token):');
    if (token) {
      sessionStorage.setItem(TOKEN_KEY, token.trim());
      prompted = false;
      return true;
    }
    return false;
  }

  async function api(path) {
    let response = await fetch(path, { headers: authHeaders(), cache: 'no-store' });
    if (response.status === 401 && askForToken()) {
      response = await fetch(path, { headers: authHeaders(), cache: 'no-store' });
    }
    const body = await response.json().catch(() => ({}));
    return { status: response.status, body };
  }

  // ---- health ----
  let windows = [];
  async function refreshHealth() {
    const dot = el('health-dot');
    try {
      const health = await api('/api/health');
      if (health.status !== 200) throw new Error(health.body.error || ('HTTP ' + health.status));
      const h = health.body;
      el('health-state').textContent = 'Kafka Streams ' + h.state;
      el('health-detail').textContent = (h.instance || '') + ' · feed ' + h.feed;
      dot.className = 'dot ' + (h.state === 'RUNNING' ? 'ok' : (h.state === 'REBALANCING' || h.state === 'CREATED') ? 'warn' : 'bad');
      document.body.dataset.streamsState = h.state;
      if (windows.length === 0 && Array.isArray(h.windows) && h.windows.length > 0) {
        windows = h.windows;
        const select = el('window-select');
        for (const w of windows) {
          const option = document.createElement('option');
          option.value = w;
          option.textContent = w;
          select.appendChild(option);
        }
        select.addEventListener('change', refreshChart);
        showWholeSpan();
      }
    } catch (e) {
      el('health-state').textContent = 'unreachable';
      el('health-detail').textContent = String(e.message || e);
      dot.className = 'dot bad';
    }
  }

  // ---- chart ----
  function svg(name, attrs, parent) {
    const node = document.createElementNS(SVG_NS, name);
    for (const [k, v] of Object.entries(attrs || {})) node.setAttribute(k, String(v));
    if (parent) parent.appendChild(node);
    return node;
  }

  function timeLabel(ms, spanMs) {
    const d = new Date(ms);
    const iso = d.toISOString();
    if (spanMs < 10 * 60 * 1000) return iso.substring(11, 19);
    return spanMs > 36 * 3600 * 1000 ? iso.substring(5, 10) + ' ' + iso.substring(11, 16) : iso.substring(11, 16);
  }

  function sizeMs(label) {
    const n = parseInt(label, 10);
    const unit = label.slice(-1);
    return n * ({ s: 1e3, m: 6e4, h: 36e5, d: 864e5 }[unit] || 6e4);
  }

  // A datetime-local input's value, read as UTC (the page shows every time in UTC), or null.
  function inputInstant(id) {
    const v = el(id).value;
    return v ? new Date(v + (v.length === 16 ? ':00' : '') + 'Z').toISOString() : null;
  }

  // With a period picked, the window size that gives a readable chart: the smallest with at most 300 points.
  function windowForSpan(spanMs) {
    const sorted = windows.slice().sort((a, b) => sizeMs(a) - sizeMs(b));
    return sorted.find((w) => spanMs / sizeMs(w) <= 300) || sorted[sorted.length - 1];
  }

  // A datetime-local value (UTC, to the minute) for an instant.
  function inputValue(iso) {
    return new Date(iso).toISOString().substring(0, 16);
  }

  // First view: the data's own time range, not the last hour. A feed spread over years gets daily windows, a live
  // hour minute windows (the smallest window with at most 300 points over the span).
  async function showWholeSpan() {
    try {
      const span = await api('/api/sentiment/span');
      if (span.status === 200 && span.body.from && span.body.to) {
        const spanMs = Date.parse(span.body.to) - Date.parse(span.body.from) + sizeMs(span.body.window);
        if (spanMs > 3600 * 1000) {
          el('range-from').value = inputValue(span.body.from);
          el('range-to').value = inputValue(span.body.to);
          el('window-select').value = windowForSpan(spanMs);
          document.body.dataset.range = 'whole-span';
        }
      }
    } catch (e) {
      // no span (empty stores, or not ready): the latest hour, as before
    }
    refreshChart();
  }

  function onRangeChange() {
    const from = inputInstant('range-from'), to = inputInstant('range-to');
    if (from && to && windows.length > 0) {
      el('window-select').value = windowForSpan(Date.parse(to) - Date.parse(from));
    }
    refreshChart();
  }

  async function refreshChart() {
    const window_ = el('window-select').value || windows[0];
    if (!window_) return;
    let query = '/api/sentiment?window=' + encodeURIComponent(window_);
    const from = inputInstant('range-from'), to = inputInstant('range-to');
    if (from) query += '&from=' + encodeURIComponent(from);
    if (to) query += '&to=' + encodeURIComponent(to);
    let result;
    try {
      result = await api(query);
    } catch (e) {
      return;
    }
    if (result.status !== 200) {
      el('chart-range').textContent = result.body.error || ('HTTP ' + result.status);
      return;
    }
    drawChart(result.body, sizeMs(window_));
  }

  function drawChart(data, windowMs) {
    const chart = el('chart');
    const legend = el('legend');
    chart.replaceChildren();
    legend.replaceChildren();
    const W = 800, H = 340, left = 40, right = 14, top = 12, bottom = 28;
    const volume = (id) => data.communities[id].reduce((n, w) => n + w.count, 0);
    const present = Object.keys(data.communities || {}).filter((id) => data.communities[id].length > 0);
    const topN = parseInt(el('top-select').value, 10) || 8;
    // the largest communities of the period by volume; the rest stay findable in the communities table
    const ids = present.sort((a, b) => volume(b) - volume(a) || a.localeCompare(b)).slice(0, topN);
    el('chart-empty').hidden = ids.length > 0;
    el('chart-range').textContent = 'window starts ' + data.from + ' to ' + data.to + ' (UTC)' +
      (present.length > ids.length ? ' · top ' + ids.length + ' of ' + present.length + ' communities by volume' : '');

    let minT = Infinity, maxT = -Infinity;
    for (const id of ids) {
      for (const w of data.communities[id]) {
        const t = Date.parse(w.start);
        minT = Math.min(minT, t);
        maxT = Math.max(maxT, t);
      }
    }
    if (!isFinite(minT)) { minT = Date.parse(data.from); maxT = Date.parse(data.to); }
    minT -= windowMs / 2; // half a window of padding on each side, so edge points and single windows show
    maxT += windowMs / 2;
    const x = (t) => left + (t - minT) / (maxT - minT) * (W - left - right);
    const y = (score) => top + (1 - score / 100) * (H - top - bottom);

    const axes = svg('g', { 'data-testid': 'chart-axes' }, chart);
    for (const s of [0, 25, 50, 75, 100]) {
      svg('line', { class: 'grid', x1: left, x2: W - right, y1: y(s), y2: y(s) }, axes);
      svg('text', { class: 'axis-label', x: left - 6, y: y(s) + 4, 'text-anchor': 'end' }, axes).textContent = String(s);
    }
    const ticks = 6;
    for (let i = 0; i <= ticks; i++) {
      const t = minT + (maxT - minT) * i / ticks;
      const anchor = i === 0 ? 'start' : i === ticks ? 'end' : 'middle';
      svg('text', { class: 'axis-label', x: x(t), y: H - 8, 'text-anchor': anchor }, axes).textContent = timeLabel(t, maxT - minT);
    }

    ids.forEach((id, i) => {
      const color = PALETTE[i % PALETTE.length];
      const label = (data.labels && data.labels[id]) || id;
      const points = data.communities[id].filter((w) => w.meanScore !== undefined && w.meanScore !== null);
      const g = svg('g', { 'data-testid': 'chart-series', 'data-community': id, 'data-label': label, 'data-points': points.length }, chart);
      svg('polyline', {
        class: 'series-line', stroke: color,
        points: points.map((w) => x(Date.parse(w.start)).toFixed(1) + ',' + y(w.meanScore).toFixed(1)).join(' ')
      }, g);
      for (const w of points) {
        const c = svg('circle', { 'data-testid': 'chart-point', cx: x(Date.parse(w.start)).toFixed(1), cy: y(w.meanScore).toFixed(1), r: 3.5, fill: color }, g);
        svg('title', {}, c).textContent = label + ' · ' + w.start + ' · mean ' + w.meanScore.toFixed(1) + ' · ' + w.count +
          ' posts (+' + w.positive + ' =' + w.neutral + ' −' + w.negative + ')';
      }
      const item = document.createElement('li');
      item.dataset.testid = 'legend-item';
      item.dataset.community = id;
      const swatch = document.createElement('span');
      swatch.className = 'swatch';
      swatch.style.background = color;
      const text = document.createElement('span');
      const total = points.reduce((n, w) => n + w.count, 0);
      text.textContent = label + ' (' + total + ')';
      item.append(swatch, text);
      legend.appendChild(item);
    });
  }

  // ---- communities ----
  async function refreshCommunities() {
    let result;
    try {
      result = await api('/api/communities');
    } catch (e) {
      return;
    }
    if (result.status !== 200 || !Array.isArray(result.body)) return;
    communities = result.body;
    renderCommunities();
    fillTrendsSelect();
  }

  let communities = [];
  function renderCommunities() {
    const needle = el('community-filter').value.trim().toLowerCase();
    const shown = communities.filter((c) => !needle || (c.label || c.id).toLowerCase().includes(needle) ||
      (c.terms || []).some((t) => t.toLowerCase().includes(needle)));
    el('communities-count').textContent = shown.length === communities.length ? communities.length + ' communities, largest first'
      : shown.length + ' of ' + communities.length + ' communities';
    const body = el('communities-body');
    body.replaceChildren();
    for (const c of shown.slice(0, 200)) {
      const row = document.createElement('tr');
      row.dataset.testid = 'community-row';
      row.dataset.community = c.id;
      const name = document.createElement('td');
      name.textContent = c.label || c.id;
      name.title = c.id;
      const size = document.createElement('td');
      size.className = 'num';
      size.textContent = String(c.size);
      const terms = document.createElement('td');
      terms.className = 'terms';
      terms.textContent = (c.terms || []).slice(0, 5).join(', ');
      row.append(name, size, terms);
      body.appendChild(row);
    }
  }

  // ---- live feed (SSE over fetch, so the bearer token can go in a header) ----
  function addFeedItem(type, event) {
    const value = event.value || {};
    const li = document.createElement('li');
    li.dataset.testid = 'feed-item';
    li.dataset.kind = type;
    const badge = document.createElement('span');
    const body = document.createElement('div');
    const text = document.createElement('div');
    text.className = 'text';
    const meta = document.createElement('div');
    meta.className = 'meta';
    if (type === 'alert') {
      badge.className = 'badge ' + (value.status === 'RESOLVED' ? 'NEUTRAL' : 'NEGATIVE');
      badge.textContent = 'alert';
      const ev = value.latest || value.evidence || {};
      text.textContent = (value.communityLabel || value.communityId) + ': ' + String(value.status).toLowerCase() + ' ' +
        String(value.direction).toLowerCase() + ' shift — ' + (value.reason || '');
      meta.textContent = 'window ' + ev.windowStart + ' · ' + ev.posts + ' posts · alert ' + value.alertId;
      refreshAlerts();
    } else if (type === 'scored') {
      badge.className = 'badge ' + value.label;
      badge.textContent = Math.round(value.score);
      badge.title = value.label + ' (' + value.scorer + ')';
      text.textContent = value.post ? value.post.text : '';
      meta.textContent = value.authorId + ' · ' + ((value.post && value.post.createdAt) || value.scoredAt || '') + ' · ' + value.postId;
    } else {
      badge.className = 'badge content';
      badge.textContent = String(value.contentType || 'content').toLowerCase();
      text.textContent = value.text || '';
      meta.textContent = 'campaign ' + value.campaignId + ' · community ' + value.communityId + ' · for ' + value.postId +
        ' · ' + value.model + (value.cached ? ' · cached' : '') + (value.offline ? ' · offline' : '');
      if (value.media && /^[0-9a-f]{64}$/.test(String(value.media.sha256))) body.append(mediaElement(value.media, li));
    }
    body.append(text, meta);
    li.append(badge, body);
    const feed = el('feed');
    feed.prepend(li);
    while (feed.children.length > FEED_MAX) {
      const gone = feed.lastElementChild;
      if (gone.dataset.mediaUrl) URL.revokeObjectURL(gone.dataset.mediaUrl);
      gone.remove();
    }
  }

  // Media are fetched with the bearer token (an <img src> could not send it) and shown from a blob: URL. The
  // reference's type decides the element; its prompt is the alt text; offline cards and the disclosure are labelled.
  function mediaElement(media, li) {
    const figure = document.createElement('figure');
    figure.className = 'media';
    figure.dataset.testid = 'feed-media';
    figure.dataset.sha256 = media.sha256;
    const isAudio = String(media.mimeType).startsWith('audio/');
    const node = document.createElement(isAudio ? 'audio' : 'img');
    if (isAudio) node.controls = true; else node.alt = media.prompt || '';
    const caption = document.createElement('figcaption');
    caption.textContent = (media.offline ? 'offline content card · ' : (media.generator || '') + ' · ') +
      (media.disclosure ? media.disclosure + ' · ' : '') + Math.round(media.sizeBytes / 1024) + ' KiB' +
      (media.width ? ' · ' + media.width + '×' + media.height : '') + (media.durationMs ? ' · ' + (media.durationMs / 1000).toFixed(1) + ' s' : '');
    figure.append(node, caption);
    fetch('/api/media/' + media.sha256, { headers: authHeaders() })
      .then((r) => (r.ok ? r.blob() : Promise.reject(new Error('HTTP ' + r.status))))
      .then((blob) => {
        const url = URL.createObjectURL(blob);
        li.dataset.mediaUrl = url;
        node.src = url;
        figure.dataset.loaded = 'true';
      })
      .catch((e) => { caption.textContent = 'media unavailable (' + e.message + ')'; figure.dataset.loaded = 'false'; });
    return figure;
  }

  function handleSse(block) {
    let type = 'message';
    const data = [];
    for (const line of block.split('\n')) {
      if (line.startsWith(':')) continue;
      const colon = line.indexOf(':');
      const field = colon < 0 ? line : line.substring(0, colon);
      const value = colon < 0 ? '' : line.substring(colon + 1).replace(/^ /, '');
      if (field === 'event') type = value;
      else if (field === 'data') data.push(value);
    }
    if (data.length === 0) return;
    if (type === 'scored' || type === 'content' || type === 'alert') {
      try {
        addFeedItem(type, JSON.parse(data.join('\n')));
      } catch (e) { /* not for us */ }
    }
  }

  async function connectFeed() {
    const status = el('feed-status');
    try {
      let response = await fetch('/api/feed', { headers: Object.assign({ Accept: 'text/event-stream' }, authHeaders()), cache: 'no-store' });
      if (response.status === 401 && askForToken()) {
        response = await fetch('/api/feed', { headers: Object.assign({ Accept: 'text/event-stream' }, authHeaders()), cache: 'no-store' });
      }
      if (response.status !== 200 || !response.body) throw new Error('HTTP ' + response.status);
      status.textContent = 'live';
      status.dataset.state = 'live';
      const reader = response.body.getReader();
      const decoder = new TextDecoder();
      let buffer = '';
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        buffer += decoder.decode(value, { stream: true }).replace(/\r\n?/g, '\n');
        let end;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          handleSse(buffer.substring(0, end));
          buffer = buffer.substring(end + 2);
        }
      }
      throw new Error('stream ended');
    } catch (e) {
      status.textContent = 'reconnecting (' + (e.message || e) + ')';
      status.dataset.state = 'reconnecting';
      setTimeout(connectFeed, 3000);
    }
  }

  // ---- alerts ----
  async function refreshAlerts() {
    let result;
    try {
      result = await api('/api/alerts?status=' + (el('alerts-all').checked ? 'all' : 'open'));
    } catch (e) {
      return;
    }
    const list = el('alerts');
    if (result.status === 404) {
      el('alerts-status').textContent = 'social listening is off (listening.enabled)';
      return;
    }
    if (result.status !== 200) {
      el('alerts-status').textContent = result.body.error || ('HTTP ' + result.status);
      return;
    }
    const alerts = result.body.alerts || [];
    el('alerts-status').textContent = result.body.open + ' open';
    list.replaceChildren();
    for (const a of alerts) {
      const li = document.createElement('li');
      li.dataset.testid = 'alert';
      li.dataset.community = a.communityId;
      li.dataset.status = a.status;
      const badge = document.createElement('span');
      badge.className = 'badge ' + a.status;
      badge.textContent = a.status.toLowerCase();
      const text = document.createElement('span');
      const ev = a.evidence || {};
      text.textContent = ' ' + (a.communityLabel || a.communityId) + ': ' + a.direction.toLowerCase() + ' shift in the window of ' +
        ev.windowStart + ' — mean ' + Number(ev.currentMean).toFixed(1) + ' against a baseline of ' +
        Number(ev.baselineMean).toFixed(1) + ' ± ' + Number(ev.baselineSpread).toFixed(1) + ' over ' + ev.posts + ' posts. ' + (a.reason || '');
      const meta = document.createElement('div');
      meta.className = 'muted';
      meta.textContent = 'example posts: ' + (ev.examplePostIds || []).join(', ') + ' · alert ' + a.alertId +
        ' · lasted ' + a.windowsOpen + ' window(s)';
      li.append(badge, text, meta);
      list.appendChild(li);
    }
    if (alerts.length === 0) {
      const li = document.createElement('li');
      li.className = 'muted';
      li.textContent = 'No ' + (el('alerts-all').checked ? '' : 'open ') + 'alerts: every community is within its usual range.';
      list.appendChild(li);
    }
  }

  // ---- trends ----
  function fillTrendsSelect() {
    const select = el('trends-community');
    const current = select.value;
    const ids = ['all'].concat(communities.map((c) => c.id));
    if (select.options.length === ids.length) return;
    select.replaceChildren();
    for (const id of ids) {
      const option = document.createElement('option');
      option.value = id;
      const c = communities.find((x) => x.id === id);
      option.textContent = id === 'all' ? 'all communities' : (c && c.label) || id;
      select.appendChild(option);
    }
    if (ids.includes(current)) select.value = current;
    refreshTrends();
  }

  async function refreshTrends() {
    const community = el('trends-community').value;
    if (!community) return;
    let result;
    try {
      result = await api('/api/trends?community=' + encodeURIComponent(community));
    } catch (e) {
      return;
    }
    const list = el('trends');
    list.replaceChildren();
    const reports = result.status === 200 ? (result.body.reports || []) : [];
    el('trends-empty').hidden = reports.length > 0;
    el('trends-empty').textContent = result.status === 200 ? 'No terms rising above this community\'s usual level yet.'
      : (result.body.error || ('HTTP ' + result.status));
    for (const r of reports.slice().reverse()) {
      const li = document.createElement('li');
      li.dataset.testid = 'trend';
      const head = document.createElement('div');
      head.className = 'muted';
      head.textContent = r.windowStart + ' · ' + r.posts + ' posts';
      const terms = document.createElement('div');
      for (const t of r.terms) {
        const span = document.createElement('span');
        span.className = 'term';
        span.dataset.testid = 'trend-term';
        span.textContent = t.term;
        span.title = t.count + ' uses (±' + t.error + ') against a usual ' + Number(t.baseline).toFixed(1) + ' · lift ' + Number(t.lift).toFixed(1);
        terms.appendChild(span);
      }
      li.append(head, terms);
      list.appendChild(li);
    }
  }

  // ---- campaign outcomes ----
  async function refreshOutcomes() {
    let result;
    try {
      result = await api('/api/campaigns/outcomes');
    } catch (e) {
      return;
    }
    const body = el('outcomes-body');
    body.replaceChildren();
    const outcomes = result.status === 200 ? (result.body.outcomes || []) : [];
    el('outcomes-empty').hidden = outcomes.length > 0;
    for (const o of outcomes) {
      const row = document.createElement('tr');
      row.dataset.testid = 'outcome-row';
      const cells = [o.campaignId, o.variant, String(o.replies), (o.scoreSum / Math.max(1, o.replies)).toFixed(1),
        o.positive + ' / ' + o.neutral + ' / ' + o.negative];
      cells.forEach((v, i) => {
        const td = document.createElement('td');
        if (i === 2 || i === 3) td.className = 'num';
        td.textContent = v;
        row.appendChild(td);
      });
      body.appendChild(row);
    }
  }

  // ---- one author's behavioral profile ----
  async function showBehavior(event) {
    event.preventDefault();
    const user = el('behavior-user').value.trim();
    const box = el('behavior');
    if (!user) return;
    const result = await api('/api/profiles/' + encodeURIComponent(user) + '/behavior').catch((e) => ({ status: 0, body: { error: String(e) } }));
    box.replaceChildren();
    if (result.status !== 200) {
      box.textContent = result.body.error || ('HTTP ' + result.status);
      return;
    }
    const latest = result.body.latest || {};
    const drift = (result.body.drift && result.body.drift.featureDeltas) || {};
    const head = document.createElement('p');
    head.textContent = user + ' · version ' + latest.version + ' · built ' + latest.builtAt + (latest.offline ? ' · offline' : ' · ' + latest.model) +
      ' · from ' + (latest.postIds || []).length + ' posts';
    const table = document.createElement('table');
    for (const [name, value] of Object.entries(latest.features || {})) {
      const row = document.createElement('tr');
      const change = drift[name];
      [name, Number(value).toFixed(0), change === undefined ? '' : (change >= 0 ? '+' : '') + Number(change).toFixed(0)].forEach((v) => {
        const td = document.createElement('td');
        td.textContent = v;
        row.appendChild(td);
      });
      table.appendChild(row);
    }
    box.append(head, table);
    if (latest.note) {
      const note = document.createElement('p');
      note.className = 'muted';
      note.textContent = latest.note;
      box.appendChild(note);
    }
  }

  el('range-from').addEventListener('change', onRangeChange);
  el('range-to').addEventListener('change', onRangeChange);
  el('range-latest').addEventListener('click', () => { el('range-from').value = ''; el('range-to').value = ''; refreshChart(); });
  el('top-select').addEventListener('change', refreshChart);
  el('community-filter').addEventListener('input', renderCommunities);
  el('alerts-all').addEventListener('change', refreshAlerts);
  el('trends-community').addEventListener('change', refreshTrends);
  el('behavior-form').addEventListener('submit', showBehavior);

  refreshHealth();
  refreshCommunities();
  refreshAlerts();
  refreshOutcomes();
  connectFeed();
  setInterval(refreshAlerts, 5000);
  setInterval(refreshTrends, 10000);
  setInterval(refreshOutcomes, 10000);
  setInterval(refreshHealth, 3000);
  setInterval(refreshChart, 5000);
  setInterval(refreshCommunities, 10000);
})();
