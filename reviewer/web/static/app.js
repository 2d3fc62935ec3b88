// The only script: copy buttons and a drop-zone highlight. Every page works without it.
"use strict";

function copyBySelection(element) {
  // navigator.clipboard exists only on HTTPS or localhost; a firm's intranet server
  // on plain HTTP still gets a working button through a selection copy.
  const range = document.createRange();
  range.selectNodeContents(element);
  const selection = window.getSelection();
  selection.removeAllRanges();
  selection.addRange(range);
  const copied = document.execCommand("copy");
  selection.removeAllRanges();
  return copied ? Promise.resolve() : Promise.reject(new Error("copy refused"));
}

document.addEventListener("click", (event) => {
  const button = event.target.closest("button[data-copy]");
  if (!button) return;
  const source = document.getElementById(button.dataset.copy);
  if (!source) return;
  const copy = navigator.clipboard
    ? navigator.clipboard.writeText(source.textContent)
    : copyBySelection(source);
  const label = button.textContent;
  copy.then(
    () => { button.textContent = "Copied"; },
    () => { button.textContent = "Select and copy by hand"; },
  ).finally(() => setTimeout(() => { button.textContent = label; }, 1500));
});

for (const zone of document.querySelectorAll(".drop")) {
  for (const name of ["dragenter", "dragover"]) zone.addEventListener(name, () => zone.classList.add("dragging"));
  for (const name of ["dragleave", "drop"]) zone.addEventListener(name, () => zone.classList.remove("dragging"));
}
