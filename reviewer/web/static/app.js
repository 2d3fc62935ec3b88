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

// Review page: status and topic filters over the findings (without a script every
// finding simply shows). Met and not-applicable findings start folded.
const filters = document.getElementById("filters");
if (filters) {
  filters.hidden = false;
  const chosen = { status: "", topic: "" };
  const apply = () => {
    for (const finding of document.querySelectorAll(".findings .finding")) {
      const status = finding.dataset.status;
      const statusOk = !chosen.status
        || (chosen.status === "gaps" ? ["conflict", "missing", "partial"].includes(status) : status === chosen.status);
      const topicOk = !chosen.topic || finding.dataset.topic === chosen.topic;
      finding.hidden = !(statusOk && topicOk);
      // A filter on met findings means the lawyer wants to read them: unfold them.
      if (chosen.status === status && status === "met") finding.open = true;
    }
  };
  filters.addEventListener("click", (event) => {
    const chip = event.target.closest("button[data-filter]");
    if (!chip) return;
    chosen[chip.dataset.filter] = chip.dataset.value;
    for (const other of filters.querySelectorAll(`button[data-filter="${chip.dataset.filter}"]`)) {
      other.setAttribute("aria-pressed", String(other === chip));
    }
    apply();
  });
}

// "Check these" links open the finding they point to, even a folded one.
document.addEventListener("click", (event) => {
  const link = event.target.closest("a[data-reveal]");
  if (!link) return;
  const target = document.getElementById(link.dataset.reveal);
  if (target) { target.hidden = false; target.open = true; }
});

// Upload form: size, type and number of files checked before anything is sent, so a
// lawyer learns at once that a file is too large or not a contract format. The server
// checks again (by content, not by name); this only saves a wasted upload.
const uploadForm = document.getElementById("upload-form");
if (uploadForm) {
  const input = uploadForm.querySelector('input[type="file"]');
  const problem = document.getElementById("upload-problem");
  const maxBytes = Number(uploadForm.dataset.maxBytes);
  const maxFiles = Number(uploadForm.dataset.maxFiles);
  const allowed = [".pdf", ".docx", ".txt", ".md", ".markdown", ".text"];
  const say = (template, values) => template.replace(/\{(\w+)\}/g, (_, key) => String(values[key] ?? ""));
  const problems = () => {
    const found = [];
    const files = Array.from(input.files || []);
    if (files.length > maxFiles) found.push(say(uploadForm.dataset.tooMany, {}));
    for (const file of files) {
      const name = file.name;
      const dot = name.lastIndexOf(".");
      const extension = dot >= 0 ? name.slice(dot).toLowerCase() : "";
      if (!allowed.includes(extension)) found.push(say(uploadForm.dataset.wrongType, { name }));
      else if (file.size === 0) found.push(say(uploadForm.dataset.empty, { name }));
      else if (file.size > maxBytes) {
        found.push(say(uploadForm.dataset.tooBig, {
          name, size: (file.size / 1048576).toFixed(1), limit: (maxBytes / 1048576).toFixed(0),
        }));
      }
    }
    return found;
  };
  const show = (found) => {
    problem.hidden = found.length === 0;
    problem.textContent = found.join(" ");
  };
  input.addEventListener("change", () => show(problems()));
  uploadForm.addEventListener("submit", (event) => {
    const found = problems();
    show(found);
    if (found.length) event.preventDefault();
  });
}
