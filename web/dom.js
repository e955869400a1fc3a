// The DOM helpers the page's modules share.
export const $ = (id) => document.getElementById(id);

const HTML = 'http://www.w3.org/1999/xhtml';
const SVG = 'http://www.w3.org/2000/svg';

// A node described, not built: the renderers describe a whole section on every design, and
// building it as DOM nodes only to compare them with the page's own cost more than the
// comparison (a third of a key press's script). Text is a child string, never parsed as HTML.
class Described {
  constructor(ns, tag, attrs, text) {
    this.ns = ns;
    this.tag = tag;
    this.attrs = Object.create(null);
    for (const [k, v] of Object.entries(attrs)) this.attrs[k] = String(v);
    this.children = text === undefined || text === null || String(text) === '' ? [] : [String(text)];  // as textContent
  }

  append(...children) {
    this.children.push(...children);
    return this;
  }
}

export const describe = (tag, text, attrs = {}) => new Described(HTML, tag, attrs, text);
export const describeSvg = (tag, attrs = {}, text) => new Described(SVG, tag, attrs, text);

function build(d) {
  if (typeof d === 'string') return document.createTextNode(d);
  const node = document.createElementNS(d.ns, d.tag);
  for (const k in d.attrs) node.setAttribute(k, d.attrs[k]);
  for (const c of d.children) node.append(build(c));
  return node;
}

// Makes `parent`'s children match `fresh` (described nodes and strings) by changing only what
// differs: a new design usually moves a few figures, and replacing whole tables and charts cost
// the browser style, layout and paint of everything in them on every key press. Nodes of another
// kind are replaced; the nodes carry no event listeners (a section's buttons are handled by one
// listener on the section).
export function morphChildren(parent, fresh) {
  const old = parent.childNodes;
  let i = 0;
  for (; i < fresh.length && i < old.length; i++) morph(old[i], fresh[i]);
  while (old.length > fresh.length) parent.lastChild.remove();
  for (; i < fresh.length; i++) parent.append(build(fresh[i]));
}

function morph(node, fresh) {
  if (typeof fresh === 'string') {
    if (node.nodeType !== Node.TEXT_NODE) node.replaceWith(build(fresh));
    else if (node.nodeValue !== fresh) node.nodeValue = fresh;
    return;
  }
  if (node.nodeType !== Node.ELEMENT_NODE || node.localName !== fresh.tag || node.namespaceURI !== fresh.ns) {
    node.replaceWith(build(fresh));
    return;
  }
  let count = 0;
  for (const k in fresh.attrs) {
    if (node.getAttribute(k) !== fresh.attrs[k]) node.setAttribute(k, fresh.attrs[k]);
    count++;
  }
  if (node.attributes.length > count)  // every described attribute is set: the rest go
    for (const { name } of [...node.attributes]) if (!(name in fresh.attrs)) node.removeAttribute(name);
  morphChildren(node, fresh.children);
}

// Sets a property only when it changes: assigning an equal value to a reflected attribute
// (disabled, hidden) still counts as a mutation and restyles.
export function setIfChanged(target, property, value) {
  if (target[property] !== value) target[property] = value;
}

// Runs `fn` when the page is idle, and within `timeout` ms whatever happens (browsers without
// idle callbacks: soon).
export function whenIdle(fn, timeout = 500) {
  if (typeof requestIdleCallback === 'function') requestIdleCallback(fn, { timeout });
  else setTimeout(fn, 50);
}
