// The only script: copy buttons and a drop-zone highlight. Every page works without it.
"use strict";
document.addEventListener("click", (event) => {
  const button = event.target.closest("button[data-copy]");
  if (!button) return;
  const source = document.getElementById(button.dataset.copy);
  if (!source || !navigator.clipboard) return;
  navigator.clipboard.writeText(source.textContent).then(() => {
    const label = button.textContent;
    button.textContent = "Copied";
    setTimeout(() => { button.textContent = label; }, 1500);
  });
});
for (const zone of document.querySelectorAll(".drop")) {
  for (const name of ["dragenter", "dragover"]) zone.addEventListener(name, () => zone.classList.add("dragging"));
  for (const name of ["dragleave", "drop"]) zone.addEventListener(name, () => zone.classList.remove("dragging"));
}
