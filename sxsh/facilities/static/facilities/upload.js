// The upload form: sends the file with a progress bar and shows the import's answer.
(function () {
  const form = document.getElementById("upload-form");
  const bar = document.getElementById("upload-progress");
  const status = document.getElementById("upload-status");
  const out = document.getElementById("upload-result");
  // The page's words, translated by the template (no inline script under the CSP).
  const t = form.dataset;
  form.addEventListener("submit", function (ev) {
    ev.preventDefault();
    const xhr = new XMLHttpRequest();
    xhr.open("POST", form.action || location.href);
    xhr.setRequestHeader("X-Requested-With", "XMLHttpRequest");
    bar.hidden = false; bar.value = 0; status.textContent = t.sending; out.innerHTML = "";
    xhr.upload.onprogress = (e) => { if (e.lengthComputable) bar.value = 100 * e.loaded / e.total; };
    xhr.upload.onload = () => { bar.removeAttribute("value"); status.textContent = t.checking; };
    xhr.onload = function () {
      bar.hidden = true; status.textContent = "";
      let data;
      try { data = JSON.parse(xhr.responseText); } catch (e) { form.submit(); return; }
      // A large file is imported in the background: follow it on the job's page.
      if (data.redirect) { location.assign(data.redirect); return; }
      const box = document.createElement("ul"); box.className = "messages";
      const li = document.createElement("li");
      li.className = data.ok ? "msg-success" : "msg-error";
      li.textContent = data.message;
      box.appendChild(li); out.appendChild(box);
      if (data.errors_file) {
        const p = document.createElement("p"); const a = document.createElement("a");
        a.className = "btn"; a.href = data.errors_file; a.textContent = data.errors_file_label;
        a.setAttribute("download", ""); p.appendChild(a); out.appendChild(p);
      }
      if (!data.ok) {
        const list = document.createElement("ul"); list.className = "errorlist import-errors";
        data.errors.forEach((e) => { const i = document.createElement("li"); i.textContent = e; list.appendChild(i); });
        out.appendChild(list);
      }
    };
    xhr.onerror = () => { bar.hidden = true; status.textContent = t.broken; };
    xhr.send(new FormData(form));
  });
})();
