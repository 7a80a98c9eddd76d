/* novalite dashboard: a small single page over the cloud's own APIs (same origin).
 * The token lives in this closure only (never in storage or cookies). Pages: servers (live),
 * a server (actions, events, fault, addresses, each action's trace as a waterfall), hosts,
 * services, recent requests, a trace. Every API error is shown in the page. */
(function () {
  'use strict';

  var session = null;          // {token, user, project, projectId, admin}
  var timer = null;            // the current page's refresh
  var openTraces = {};         // request ids whose waterfall is open on the server page
  var lastSignature = {};      // what each live region last rendered
  var wanted = location.hash;  // the page asked for before logging in
  var COMPUTE = '/compute/v2.1';
  var VERSION = 'compute 2.53';

  function $(id) { return document.getElementById(id); }

  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) {
      if (k === 'text') { node.textContent = attrs[k]; }
      else if (k === 'className') { node.className = attrs[k]; }
      else if (k.slice(0, 2) === 'on') { node.addEventListener(k.slice(2), attrs[k]); }
      else if (attrs[k] !== null && attrs[k] !== undefined) { node.setAttribute(k, attrs[k]); }
    });
    (children || []).forEach(function (c) {
      if (c === null || c === undefined) { return; }
      node.appendChild(typeof c === 'string' ? document.createTextNode(c) : c);
    });
    return node;
  }

  function faultMessage(status, body, text) {
    if (body && typeof body === 'object') {
      var inner = body[Object.keys(body)[0]];
      if (inner && typeof inner === 'object' && inner.message) { return inner.message; }
    }
    return (text || '').trim().split('\n')[0] || ('HTTP ' + status);
  }

  function api(method, path, body, headers) {
    var h = {'Accept': 'application/json'};
    if (session) { h['X-Auth-Token'] = session.token; }
    if (path.indexOf(COMPUTE) === 0) { h['OpenStack-API-Version'] = VERSION; }
    Object.keys(headers || {}).forEach(function (k) { h[k] = headers[k]; });
    if (body !== undefined) { h['Content-Type'] = 'application/json'; }
    return fetch(path, {method: method, headers: h, credentials: 'omit',
                        body: body === undefined ? undefined : JSON.stringify(body)})
      .then(function (resp) {
        return resp.text().then(function (text) {
          var data = null;
          try { data = text ? JSON.parse(text) : null; } catch (e) { data = null; }
          if (!resp.ok) {
            var err = new Error(method + ' ' + path + ': ' + resp.status + ' ' +
                                faultMessage(resp.status, data, text));
            err.status = resp.status;
            throw err;
          }
          return {data: data, headers: resp.headers};
        });
      });
  }

  function showError(err) {
    var box = $('error');
    if (!err) { box.hidden = true; box.textContent = ''; return; }
    box.textContent = err.message || String(err);
    box.hidden = false;
    if (err.status === 401 && session) { logout('Your token is no longer valid: log in again.'); }
  }

  function announce(text) { $('live').textContent = text; }

  // ------------------------------------------------------------------ session
  function login(ev) {
    ev.preventDefault();
    showError(null);
    var user = $('username').value.trim();
    var project = $('project').value.trim() || user;
    var domain = $('domain').value.trim() || 'Default';
    var body = {auth: {identity: {methods: ['password'], password: {user: {
      name: user, domain: {name: domain}, password: $('password').value}}},
      scope: {project: {name: project, domain: {name: domain}}}}};
    $('login-button').disabled = true;
    api('POST', '/identity/v3/auth/tokens', body).then(function (r) {
      var token = r.data.token;
      var roles = (token.roles || []).map(function (x) { return x.name; });
      session = {token: r.headers.get('X-Subject-Token'), user: token.user.name,
                 project: token.project.name, projectId: token.project.id,
                 admin: roles.indexOf('admin') >= 0};
      $('password').value = '';
      $('login-view').hidden = true;
      $('nav').hidden = false;
      $('logout').hidden = false;
      $('who').textContent = session.user + ' @ ' + session.project +
        (session.admin ? ' (admin)' : '');
      var next = wanted && wanted !== '#/login' ? wanted : '#/servers';
      wanted = null;
      if (location.hash === next) { route(); } else { location.hash = next; }
    }).catch(showError).then(function () { $('login-button').disabled = false; });
  }

  function logout(message) {
    var token = session && session.token;
    session = null;
    stopTimer();
    if (token) {
      fetch('/identity/v3/auth/tokens', {method: 'DELETE', credentials: 'omit',
        headers: {'X-Auth-Token': token, 'X-Subject-Token': token}}).catch(function () {});
    }
    $('page').hidden = true;
    $('page').textContent = '';
    $('nav').hidden = true;
    $('logout').hidden = true;
    $('who').textContent = '';
    $('login-view').hidden = false;
    showError(typeof message === 'string' ? {message: message} : null);
    if (location.hash !== '#/login') { history.replaceState(null, '', '#/login'); }
    $('username').focus();
  }

  // ------------------------------------------------------------------ routing
  function stopTimer() { if (timer) { clearInterval(timer); timer = null; } }

  function live(fn, every) {
    stopTimer();
    fn();
    timer = setInterval(fn, every || 1500);
  }

  function route() {
    if (!session) { logout(); return; }
    stopTimer();
    showError(null);
    lastSignature = {};
    var parts = (location.hash || '#/servers').slice(2).split('/');
    var page = $('page');
    page.hidden = false;
    page.textContent = '';
    ['servers', 'hosts', 'services', 'requests'].forEach(function (name) {
      var link = $('nav-' + name);
      if (parts[0] === name || (name === 'servers' && parts[0] === 'server') ||
          (name === 'requests' && parts[0] === 'traces')) {
        link.setAttribute('aria-current', 'page');
      } else { link.removeAttribute('aria-current'); }
    });
    if (parts[0] === 'server' && parts[1]) { serverPage(page, decodeURIComponent(parts[1])); }
    else if (parts[0] === 'hosts') { hostsPage(page); }
    else if (parts[0] === 'services') { servicesPage(page); }
    else if (parts[0] === 'requests') { requestsPage(page); }
    else if (parts[0] === 'traces' && parts[1]) { tracePage(page, decodeURIComponent(parts[1])); }
    else { serversPage(page); }
  }

  function table(headers, rows, label) {
    return el('div', {className: 'scroll'}, [el('table', {'aria-label': label}, [
      el('thead', {}, [el('tr', {}, headers.map(function (h) {
        var cls = h.charAt(0) === '#' ? 'num' : (h.charAt(0) === '~' ? 'hide-narrow' : null);
        return el('th', {scope: 'col', className: cls}, [h.replace(/^[#~]/, '')]);
      }))]),
      el('tbody', {}, rows)])]);
  }

  function cell(value, cls) {
    return el('td', {className: cls || null},
              [value instanceof Node ? value : String(value === null || value === undefined ? '' : value)]);
  }

  var POWER = {0: 'NOSTATE', 1: 'RUNNING', 3: 'PAUSED', 4: 'SHUTDOWN', 6: 'CRASHED',
               7: 'SUSPENDED'};
  function powerState(n) { return POWER[n] || (n === undefined ? '' : String(n)); }

  function addresses(server) {
    var out = [];
    Object.keys(server.addresses || {}).forEach(function (net) {
      server.addresses[net].forEach(function (a) { out.push(net + ' ' + a.addr); });
    });
    return out.join(', ');
  }

  function region(page, id, title) {
    var section = el('section', {'aria-labelledby': id + '-title'}, [
      el(title.level || 'h1', {id: id + '-title', text: title.text}),
      el('div', {id: id})]);
    page.appendChild(section);
    return $(id);
  }

  function render(target, key, signature, build) {
    if (lastSignature[key] === signature) { return false; }
    lastSignature[key] = signature;
    target.textContent = '';
    target.appendChild(build());
    return true;
  }

  // ------------------------------------------------------------------ servers
  function serversPage(page) {
    var target = region(page, 'servers', {text: 'Servers'});
    var statuses = {};
    live(function () {
      var q = session.admin ? '?all_tenants=1' : '';
      api('GET', COMPUTE + '/servers/detail' + q).then(function (r) {
        var servers = r.data.servers;
        servers.forEach(function (s) {
          if (statuses[s.id] && statuses[s.id] !== s.status) {
            announce(s.name + ' is now ' + s.status);
          }
          statuses[s.id] = s.status;
        });
        showError(null);
        render(target, 'servers', JSON.stringify(servers.map(function (s) {
          return [s.id, s.name, s.status, s['OS-EXT-STS:task_state'], addresses(s),
                  s['OS-EXT-SRV-ATTR:host']];
        })), function () {
          if (!servers.length) { return el('p', {text: 'No servers.'}); }
          return table(['Name', 'Status', 'Task', '~Power', 'Addresses', '~Host', '~Created'],
            servers.map(function (s) {
              return el('tr', {'data-server': s.id}, [
                cell(el('a', {href: '#/server/' + encodeURIComponent(s.id), text: s.name})),
                cell(s.status, 'status status-' + s.status),
                cell(s['OS-EXT-STS:task_state'] || ''),
                cell(powerState(s['OS-EXT-STS:power_state']), 'hide-narrow'),
                cell(addresses(s)),
                cell(s['OS-EXT-SRV-ATTR:host'] || '', 'hide-narrow'),
                cell(s.created, 'hide-narrow')]);
            }), 'Servers');
        });
      }).catch(showError);
    });
  }

  function serverPage(page, id) {
    var info = region(page, 'server', {text: 'Server'});
    var actions = region(page, 'actions', {text: 'Actions', level: 'h2'});
    openTraces = {};
    live(function () {
      api('GET', COMPUTE + '/servers/' + encodeURIComponent(id)).then(function (r) {
        var s = r.data.server;
        $('server-title').textContent = 'Server ' + s.name;
        render(info, 'server', JSON.stringify(s), function () { return serverInfo(s); });
        return api('GET', COMPUTE + '/servers/' + encodeURIComponent(id) +
                   '/os-instance-actions');
      }).then(function (r) {
        var list = r.data.instanceActions;
        return Promise.all(list.map(function (a) {
          return api('GET', COMPUTE + '/servers/' + encodeURIComponent(id) +
                     '/os-instance-actions/' + encodeURIComponent(a.request_id))
            .then(function (d) { return d.data.instanceAction; });
        }));
      }).then(function (detail) {
        showError(null);
        render(actions, 'actions', JSON.stringify(detail), function () {
          return actionList(detail);
        });
      }).catch(showError);
    });
  }

  function serverInfo(s) {
    var props = [
      ['ID', s.id], ['Status', s.status], ['vm_state', s['OS-EXT-STS:vm_state']],
      ['task_state', s['OS-EXT-STS:task_state'] || '-'],
      ['power_state', powerState(s['OS-EXT-STS:power_state'])],
      ['Flavor', s.flavor && (s.flavor.original_name || s.flavor.id)],
      ['Image', s.image && s.image.id ? s.image.id : '(volume)'],
      ['Addresses', addresses(s) || '-'], ['Host', s['OS-EXT-SRV-ATTR:host'] || '-'],
      ['Created', s.created], ['Launched', s['OS-SRV-USG:launched_at'] || '-']];
    var dl = el('dl', {className: 'props'});
    props.forEach(function (p) {
      dl.appendChild(el('dt', {text: p[0]}));
      dl.appendChild(el('dd', {className: p[0] === 'Status' ? 'status status-' + s.status : null,
                               id: p[0] === 'Status' ? 'server-status' : null,
                               text: String(p[1])}));
    });
    var out = el('div', {}, [dl]);
    if (s.fault) {
      out.appendChild(el('div', {className: 'error', id: 'server-fault'}, [
        'Fault ' + s.fault.code + ': ' + s.fault.message]));
    }
    return out;
  }

  function actionList(detail) {
    if (!detail.length) { return el('p', {text: 'No actions.'}); }
    var ul = el('ul', {className: 'actions-list'});
    detail.forEach(function (a) {
      var traceBox = el('div', {id: 'trace-' + a.request_id});
      var button = el('button', {type: 'button', 'aria-expanded': 'false',
                                 'aria-controls': 'trace-' + a.request_id,
                                 text: 'Show trace',
                                 'data-request': a.request_id});
      button.addEventListener('click', function () {
        toggleTrace(a.request_id, button, traceBox);
      });
      var events = (a.events || []).map(function (e) {
        return el('li', {}, [e.event + ': ' + (e.result || 'running') +
                             (e.host ? ' on ' + e.host : '')]);
      });
      ul.appendChild(el('li', {}, [
        el('strong', {text: a.action}), ' ', el('code', {text: a.request_id}), ' ',
        a.start_time + (a.message ? ' — ' + a.message : ''), ' ', button,
        events.length ? el('ul', {}, events) : null, traceBox]));
      if (openTraces[a.request_id]) { toggleTrace(a.request_id, button, traceBox, true); }
    });
    return ul;
  }

  function toggleTrace(requestId, button, box, reopen) {
    if (openTraces[requestId] && !reopen) {
      delete openTraces[requestId];
      box.textContent = '';
      button.setAttribute('aria-expanded', 'false');
      button.textContent = 'Show trace';
      return;
    }
    openTraces[requestId] = true;
    button.setAttribute('aria-expanded', 'true');
    button.textContent = 'Hide trace';
    api('GET', '/novalite/v1/traces/' + encodeURIComponent(requestId)).then(function (r) {
      box.textContent = '';
      box.appendChild(waterfall(r.data.trace));
    }).catch(function (err) {
      box.textContent = '';
      box.appendChild(el('div', {className: 'error', role: 'alert', text: err.message}));
    });
  }

  // ------------------------------------------------------------------ traces
  function waterfall(trace) {
    var spans = trace.spans;
    var byId = {}, children = {}, rows = [];
    spans.forEach(function (s) { byId[s.id] = s; });
    spans.forEach(function (s) {
      var p = byId[s.parent_id] ? s.parent_id : '';
      (children[p] = children[p] || []).push(s);
    });
    (function walk(parent, depth) {
      (children[parent] || []).forEach(function (s) {
        rows.push([s, depth]);
        walk(s.id, depth + 1);
      });
    })('', 0);
    var total = Math.max.apply(null, spans.map(function (s) {
      return s.offset_ms + s.duration_ms; }).concat([0.001]));
    var body = rows.map(function (r) {
      var s = r[0], depth = r[1];
      var bar = el('span', {title: s.name + ': ' + s.duration_ms + ' ms'});
      bar.style.left = (s.offset_ms / total * 100) + '%';
      bar.style.width = Math.max(0.3, s.duration_ms / total * 100) + '%';
      var indent = el('span', {className: 'indent'});
      indent.style.width = (depth * 1.1) + 'em';
      var ok = !s.outcome || s.outcome === 'ok';
      return el('tr', {'data-kind': s.kind, className: 'span-row'}, [
        cell(el('span', {}, [indent, s.name]), 'name'),
        cell(s.kind, 'hide-narrow'),
        cell(s.service + '@' + s.host, 'hide-narrow'),
        cell(s.offset_ms.toFixed(1), 'num'),
        cell(s.duration_ms.toFixed(1), 'num'),
        cell(ok ? 'ok' : s.outcome, ok ? 'outcome-ok' : 'outcome-error'),
        el('td', {className: 'bar'}, [el('div', {className: 'track kind-' + s.kind}, [bar])])]);
    });
    return el('div', {className: 'waterfall'}, [
      el('p', {className: 'hint', text: trace.name + ' — ' + trace.request_id + ' — status ' +
               trace.status + ', ' + spans.length + ' spans, ' + total.toFixed(1) + ' ms'}),
      table(['Span', '~Kind', '~Service@host', '#Start ms', '#ms', 'Outcome', 'Waterfall'],
            body, 'Trace ' + trace.request_id)]);
  }

  function tracePage(page, requestId) {
    var target = region(page, 'trace', {text: 'Request ' + requestId});
    api('GET', '/novalite/v1/traces/' + encodeURIComponent(requestId)).then(function (r) {
      target.appendChild(waterfall(r.data.trace));
    }).catch(showError);
  }

  function requestsPage(page) {
    var target = region(page, 'requests', {text: 'Recent requests'});
    var box = el('input', {type: 'checkbox', id: 'show-reads'});
    var traces = [];
    var draw = function () {
      var shown = traces.filter(function (t) { return box.checked || t.method !== 'GET'; });
      render(target, 'requests', JSON.stringify([box.checked, shown]), function () {
        if (!shown.length) { return el('p', {text: 'No requests recorded.'}); }
        return table(['Request', 'Status', '#API ms', '#Total ms', '#Spans', '~Started'],
          shown.map(function (t) {
            return el('tr', {}, [
              cell(el('a', {href: '#/traces/' + encodeURIComponent(t.request_id),
                            text: t.name})),
              cell(t.status, t.status >= 400 ? 'outcome-error' : null),
              cell(t.duration_ms.toFixed(1), 'num'), cell(t.total_ms.toFixed(1), 'num'),
              cell(t.span_count, 'num'), cell(t.start, 'hide-narrow')]);
          }), 'Recent requests');
      });
    };
    box.addEventListener('change', draw);
    target.parentNode.insertBefore(el('p', {}, [box, ' ', el('label', {'for': 'show-reads',
      text: 'Show reads (GET requests, this page\'s own polling included)'})]), target);
    live(function () {
      api('GET', '/novalite/v1/traces?limit=200').then(function (r) {
        traces = r.data.traces;
        showError(null);
        draw();
      }).catch(showError);
    }, 3000);
  }

  // ------------------------------------------------------------------ hosts, services
  function meter(used, total, unit) {
    var pct = total ? Math.min(100, used / total * 100) : 0;
    var fill = el('span');
    fill.style.width = pct + '%';
    return el('div', {}, [
      el('div', {className: 'meter', role: 'img',
                 'aria-label': used + ' of ' + total + ' ' + unit + ' used'}, [fill]),
      el('span', {className: 'hint', text: used + ' / ' + total + ' ' + unit})]);
  }

  function hostsPage(page) {
    var target = region(page, 'hosts', {text: 'Hosts'});
    live(function () {
      api('GET', COMPUTE + '/os-hypervisors/detail?with_servers=true').then(function (r) {
        var hv = r.data.hypervisors;
        showError(null);
        render(target, 'hosts', JSON.stringify(hv), function () {
          return table(['Host', 'State', 'vCPUs used', 'RAM used', 'Disk used', '#Servers'],
            hv.map(function (h) {
              return el('tr', {'data-host': h.hypervisor_hostname}, [
                cell(h.hypervisor_hostname),
                cell(h.state + ' / ' + h.status, 'state-' + h.state),
                cell(meter(h.vcpus_used, h.vcpus, 'vCPUs'), 'vcpus'),
                cell(meter(h.memory_mb_used, h.memory_mb, 'MB'), 'ram'),
                cell(meter(h.local_gb_used, h.local_gb, 'GB'), 'disk'),
                cell((h.servers || []).length, 'num servers')]);
            }), 'Hosts');
        });
      }).catch(showError);
    }, 2000);
  }

  function servicesPage(page) {
    var target = region(page, 'services', {text: 'Services'});
    live(function () {
      api('GET', COMPUTE + '/os-services').then(function (r) {
        var services = r.data.services;
        showError(null);
        render(target, 'services', JSON.stringify(services), function () {
          return table(['Binary', 'Host', '~Zone', 'Status', 'State', '~Updated'],
            services.map(function (s) {
              return el('tr', {}, [cell(s.binary), cell(s.host), cell(s.zone, 'hide-narrow'),
                cell(s.status), cell(s.state, 'state-' + s.state),
                cell(s.updated_at, 'hide-narrow')]);
            }), 'Services');
        });
      }).catch(showError);
    }, 3000);
  }

  // ------------------------------------------------------------------ start
  $('login-form').addEventListener('submit', login);
  $('logout').addEventListener('click', function () { logout(); });
  window.addEventListener('hashchange', function () { if (session) { route(); } });
  logout();
}());
