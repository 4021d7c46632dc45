/**
 * The `/docs` page: a small self-contained page that reads `/openapi.json`
 * and lists every operation with its roles, parameters, schemas and answers,
 * and a form to try each one with a token. No framework and no CDN (the
 * service may run offline); every text from the document is inserted with
 * textContent, never as HTML. The token stays in the page's memory only.
 */

export const docsPageHtml = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>hemvist API</title>
<link rel="stylesheet" href="/docs/docs.css">
<script src="/docs/docs.js" defer></script>
</head>
<body>
<header>
  <h1 id="title">hemvist API</h1>
  <p id="description"></p>
  <label>API token <input id="token" type="password" autocomplete="off" placeholder="hv_…" size="50"></label>
  <p class="hint">The token is kept in this page only, and sent as <code>Authorization: Bearer</code> with each try.</p>
  <label>Filter <input id="filter" type="search" placeholder="path, role or word"></label>
</header>
<main id="operations"><p>Loading /openapi.json …</p></main>
</body>
</html>
`

export const docsPageStyle = `
body { font: 15px/1.45 system-ui, sans-serif; margin: 0 auto; max-width: 1100px; padding: 1rem; color: #1b1b1b; }
header { border-bottom: 1px solid #ccc; margin-bottom: 1rem; padding-bottom: .5rem; }
label { display: inline-block; margin: .25rem 1rem .25rem 0; }
.hint { color: #555; font-size: .85rem; margin: .2rem 0; }
h2 { margin-top: 1.5rem; text-transform: capitalize; }
details.op { border: 1px solid #ddd; border-radius: 6px; margin: .4rem 0; }
details.op > summary { cursor: pointer; padding: .45rem .6rem; list-style: none; display: flex; gap: .6rem; align-items: baseline; }
details.op[open] > summary { border-bottom: 1px solid #ddd; background: #f6f6f6; }
.method { font: bold 12px monospace; padding: .15rem .4rem; border-radius: 4px; color: #fff; min-width: 3.2rem; text-align: center; }
.GET { background: #2f6f9f; } .POST { background: #3d8b40; } .PATCH { background: #a86b00; } .PUT { background: #7a4fa0; } .DELETE { background: #b03030; }
.path { font-family: monospace; }
.role { font-size: 12px; background: #eef; border: 1px solid #ccd; border-radius: 10px; padding: 0 .45rem; }
.body { padding: .6rem .8rem; }
pre { background: #f4f4f4; padding: .5rem; overflow: auto; max-height: 24rem; font-size: 12px; }
textarea { width: 100%; min-height: 8rem; font: 12px monospace; }
table { border-collapse: collapse; margin: .4rem 0; }
td, th { border: 1px solid #ddd; padding: .2rem .5rem; text-align: left; vertical-align: top; font-size: 13px; }
button { margin-top: .4rem; }
.status { font-weight: bold; }
`

export const docsPageScript = `'use strict'
;(function () {
  const state = { token: '' }
  const el = (tag, attrs, ...children) => {
    const node = document.createElement(tag)
    for (const [k, v] of Object.entries(attrs || {})) {
      if (k === 'class') node.className = v
      else node.setAttribute(k, v)
    }
    for (const child of children) {
      if (child === null || child === undefined) continue
      node.append(typeof child === 'string' ? document.createTextNode(child) : child)
    }
    return node
  }
  const pretty = (value) => JSON.stringify(value, null, 2)

  function resolve(doc, schema) {
    if (schema && typeof schema.$ref === 'string') {
      const name = schema.$ref.split('/').pop()
      return { name, schema: doc.components.schemas[name] }
    }
    return { name: null, schema }
  }

  function schemaBlock(doc, schema) {
    const r = resolve(doc, schema)
    const block = el('details', {}, el('summary', {}, r.name ? 'Schema ' + r.name : 'Schema'))
    block.append(el('pre', {}, pretty(r.schema)))
    return block
  }

  function tryForm(doc, path, method, op) {
    const form = el('form', {})
    const inputs = []
    for (const p of op.parameters || []) {
      const input = el('input', { name: p.name, size: '40' })
      if (p.example !== undefined) input.value = p.example
      inputs.push({ p, input })
      form.append(el('label', {}, p.name + ' (' + p.in + (p.required ? ', required' : '') + ') ', input))
    }
    let body = null
    const json = op.requestBody && op.requestBody.content['application/json']
    if (json) {
      body = el('textarea', { spellcheck: 'false' })
      body.value = json.example === undefined ? '{}' : pretty(json.example)
      form.append(el('div', {}, 'Body (JSON)'), body)
    }
    const out = el('div', {})
    form.append(el('button', { type: 'submit' }, 'Send'), out)
    form.addEventListener('submit', async (event) => {
      event.preventDefault()
      let url = path
      const query = new URLSearchParams()
      const headers = {}
      for (const { p, input } of inputs) {
        const value = input.value
        if (value === '') continue
        if (p.in === 'path') url = url.replace('{' + p.name + '}', encodeURIComponent(value))
        else if (p.in === 'query') query.append(p.name, value)
        else if (p.in === 'header') headers[p.name] = value
      }
      if (state.token) headers.Authorization = 'Bearer ' + state.token
      if (body) headers['Content-Type'] = 'application/json'
      const q = query.toString()
      out.replaceChildren(el('p', {}, 'Sending …'))
      try {
        const res = await fetch(url + (q ? '?' + q : ''), { method: method.toUpperCase(), headers, body: body ? body.value : undefined })
        const text = await res.text()
        let shown = text
        try { shown = pretty(JSON.parse(text)) } catch (_) {}
        const meta = ['ETag', 'Location', 'Retry-After', 'X-Request-Id']
          .filter((h) => res.headers.get(h) !== null)
          .map((h) => h + ': ' + res.headers.get(h))
          .join('\\n')
        out.replaceChildren(el('p', { class: 'status' }, res.status + ' ' + res.statusText), el('pre', {}, meta), el('pre', {}, shown))
      } catch (error) {
        out.replaceChildren(el('p', {}, 'The request failed: ' + String(error)))
      }
    })
    return form
  }

  function operationBlock(doc, path, method, op) {
    const roles = op['x-roles'] || []
    const summary = el('summary', {},
      el('span', { class: 'method ' + method.toUpperCase() }, method.toUpperCase()),
      el('span', { class: 'path' }, path),
      el('span', {}, op.summary || ''),
      ...roles.map((r) => el('span', { class: 'role' }, r)))
    const body = el('div', { class: 'body' })
    for (const para of (op.description || '').split('\\n\\n')) body.append(el('p', {}, para))
    if ((op.parameters || []).length > 0) {
      const table = el('table', {}, el('tr', {}, el('th', {}, 'parameter'), el('th', {}, 'in'), el('th', {}, 'required'), el('th', {}, 'schema')))
      for (const p of op.parameters) table.append(el('tr', {}, el('td', {}, p.name), el('td', {}, p.in), el('td', {}, p.required ? 'yes' : 'no'), el('td', {}, el('code', {}, JSON.stringify(p.schema)))))
      body.append(table)
    }
    const json = op.requestBody && op.requestBody.content['application/json']
    if (json) body.append(el('h4', {}, 'Request body'), schemaBlock(doc, json.schema))
    body.append(el('h4', {}, 'Responses'))
    const list = el('ul', {})
    for (const [status, r] of Object.entries(op.responses || {})) {
      const item = el('li', {}, el('b', {}, status), ' ' + (r.description || ''))
      const content = r.content ? Object.values(r.content)[0] : null
      if (content && content.schema && status < '400') item.append(schemaBlock(doc, content.schema))
      list.append(item)
    }
    body.append(list, el('h4', {}, 'Try it'), tryForm(doc, path, method, op))
    const block = el('details', { class: 'op' }, summary, body)
    block.dataset.search = [path, method, op.summary, roles.join(' '), op.description].join(' ').toLowerCase()
    return block
  }

  async function main() {
    const root = document.getElementById('operations')
    const res = await fetch('/openapi.json')
    const doc = await res.json()
    document.getElementById('title').textContent = doc.info.title + ' ' + doc.info.version
    document.getElementById('description').textContent = doc.info.description
    const byTag = new Map()
    for (const [path, ops] of Object.entries(doc.paths)) {
      for (const [method, op] of Object.entries(ops)) {
        const tag = (op.tags && op.tags[0]) || 'other'
        if (!byTag.has(tag)) byTag.set(tag, [])
        byTag.get(tag).push(operationBlock(doc, path, method, op))
      }
    }
    root.replaceChildren()
    for (const [tag, blocks] of byTag) root.append(el('h2', {}, tag), ...blocks)
    document.getElementById('token').addEventListener('input', (e) => { state.token = e.target.value.trim() })
    document.getElementById('filter').addEventListener('input', (e) => {
      const words = e.target.value.toLowerCase().split(/\\s+/).filter(Boolean)
      for (const block of root.querySelectorAll('details.op')) {
        block.hidden = !words.every((w) => block.dataset.search.includes(w))
      }
    })
  }
  main().catch((error) => {
    document.getElementById('operations').replaceChildren(el('p', {}, 'Could not read /openapi.json: ' + String(error)))
  })
})()
`
