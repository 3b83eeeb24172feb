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
        refreshChart();
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

  async function refreshChart() {
    const window_ = el('window-select').value || windows[0];
    if (!window_) return;
    let result;
    try {
      result = await api('/api/sentiment?window=' + encodeURIComponent(window_));
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
    const ids = Object.keys(data.communities || {}).filter((id) => data.communities[id].length > 0).sort();
    el('chart-empty').hidden = ids.length > 0;
    el('chart-range').textContent = 'window starts ' + data.from + ' to ' + data.to + ' (UTC)';

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
    const body = el('communities-body');
    body.replaceChildren();
    for (const c of result.body) {
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
    if (type === 'scored') {
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
    }
    body.append(text, meta);
    li.append(badge, body);
    const feed = el('feed');
    feed.prepend(li);
    while (feed.children.length > FEED_MAX) feed.lastElementChild.remove();
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
    if (type === 'scored' || type === 'content') {
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

  refreshHealth();
  refreshCommunities();
  connectFeed();
  setInterval(refreshHealth, 3000);
  setInterval(refreshChart, 5000);
  setInterval(refreshCommunities, 10000);
})();
