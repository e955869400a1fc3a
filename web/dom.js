// The DOM helpers the page's modules share.
export const $ = (id) => document.getElementById(id);

// Makes `parent`'s children match `fresh` (nodes built off the page) by changing only what
// differs: a new design usually moves a few figures, and replacing whole tables and charts cost
// the browser style, layout and paint of everything in them on every key press. Nodes of another
// kind are replaced; the nodes carry no event listeners (a section's buttons are handled by one
// listener on the section).
export function morphChildren(parent, fresh) {
  const old = parent.childNodes;
  let i = 0;
  for (; i < fresh.length && i < old.length; i++) morph(old[i], fresh[i]);
  while (old.length > fresh.length) parent.lastChild.remove();
  for (; i < fresh.length; i++) parent.append(fresh[i]);
}

function morph(node, fresh) {
  if (node.nodeType !== fresh.nodeType || node.nodeName !== fresh.nodeName) {
    node.replaceWith(fresh);
    return;
  }
  if (node.nodeType !== Node.ELEMENT_NODE) {
    if (node.nodeValue !== fresh.nodeValue) node.nodeValue = fresh.nodeValue;
    return;
  }
  for (const { name, value } of fresh.attributes) if (node.getAttribute(name) !== value) node.setAttribute(name, value);
  for (const { name } of [...node.attributes]) if (!fresh.hasAttribute(name)) node.removeAttribute(name);
  morphChildren(node, [...fresh.childNodes]);
}

// Sets a property only when it changes: assigning an equal value to a reflected attribute
// (disabled, hidden) still counts as a mutation and restyles.
export function setIfChanged(target, property, value) {
  if (target[property] !== value) target[property] = value;
}
