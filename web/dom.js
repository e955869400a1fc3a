// The one DOM lookup helper the page's modules share.
export const $ = (id) => document.getElementById(id);
