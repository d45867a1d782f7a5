/* Field capture that survives a lost network (issue 13).
 *
 * Offline, the activity form is not posted: the activity and its photos (resized on the phone to the
 * longest side the server sets) go to IndexedDB, tagged with the person logged in, each with a key made
 * here. The queue shows on every page ("Chờ gửi", with a count in the header) and is sent when the network
 * returns (the `online` event) or on the next visit, one by one. The server honours the key: an item sent
 * twice (the connection cut after the server saved it) is saved once. A conflict (the report submitted, the
 * directive closed meanwhile) stays in the queue with what to do; nothing is dropped without the person.
 * Items are only shown and sent for the person they belong to; a logged-out phone keeps them until that
 * person logs in again. The page cache of the service worker is emptied when the person changes.
 */
(function () {
  "use strict";

  const DB_NAME = "lantoa-outbox";
  const STORE = "items";
  const PAGE_CACHE = "lantoa-pages";

  function meta(name) {
    const element = document.querySelector('meta[name="' + name + '"]');
    return element ? element.getAttribute("content") || "" : "";
  }

  const currentUser = meta("lantoa-user");
  const captureUrl = meta("lantoa-capture");
  const maxSide = parseInt(meta("lantoa-photo-max-side"), 10) || 1600;

  // --- IndexedDB ----------------------------------------------------------------------------------------

  function openDb() {
    return new Promise((resolve, reject) => {
      const request = indexedDB.open(DB_NAME, 1);
      request.onupgradeneeded = () => request.result.createObjectStore(STORE, { keyPath: "key" });
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error);
    });
  }

  function run(mode, work) {
    return openDb().then(
      (db) =>
        new Promise((resolve, reject) => {
          const transaction = db.transaction(STORE, mode);
          const result = work(transaction.objectStore(STORE));
          transaction.oncomplete = () => {
            db.close();
            resolve(result && "result" in result ? result.result : undefined);
          };
          transaction.onerror = () => reject(transaction.error);
          transaction.onabort = () => reject(transaction.error);
        }),
    );
  }

  const allItems = () => run("readonly", (store) => store.getAll());
  const putItem = (item) => run("readwrite", (store) => store.put(item));
  const deleteItem = (key) => run("readwrite", (store) => store.delete(key));

  function mine(items) {
    return items
      .filter((item) => currentUser && item.user === currentUser)
      .sort((a, b) => a.createdAt - b.createdAt);
  }

  function newKey() {
    if (self.crypto && crypto.randomUUID) return crypto.randomUUID();
    const bytes = crypto.getRandomValues(new Uint8Array(16));
    bytes[6] = (bytes[6] & 0x0f) | 0x40;
    bytes[8] = (bytes[8] & 0x3f) | 0x80;
    const hex = Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
    return hex.slice(0, 8) + "-" + hex.slice(8, 12) + "-" + hex.slice(12, 16) + "-" + hex.slice(16, 20) + "-" + hex.slice(20);
  }

  // --- photos are made smaller on the phone before they are kept and sent ---------------------------------

  // The photo's own date (EXIF DateTimeOriginal, else DateTime) survives the resizing: the evidence checks
  // compare it with the campaign's window. Only that date is carried over, nothing else of the EXIF (not the
  // place, not the orientation, which the resized pixels already follow).
  async function exifDate(file) {
    if (file.type !== "image/jpeg") return "";
    try {
      const view = new DataView(await file.slice(0, 262144).arrayBuffer());
      if (view.getUint16(0) !== 0xffd8) return "";
      let offset = 2;
      while (offset + 10 <= view.byteLength) {
        const marker = view.getUint16(offset);
        if ((marker & 0xff00) !== 0xff00 || marker === 0xffda) return "";
        if (marker === 0xffe1 && view.getUint32(offset + 4) === 0x45786966) return tiffDate(view, offset + 10);
        offset += 2 + view.getUint16(offset + 2);
      }
    } catch (error) {
      return ""; // a broken or truncated header: no date, the server reads what it can
    }
    return "";
  }

  function tiffDate(view, tiff) {
    const little = view.getUint16(tiff) === 0x4949;
    const u16 = (at) => view.getUint16(tiff + at, little);
    const u32 = (at) => view.getUint32(tiff + at, little);
    const entries = (ifd) => {
      const found = {};
      for (let i = 0; i < u16(ifd); i++) found[u16(ifd + 2 + i * 12)] = u32(ifd + 2 + i * 12 + 8);
      return found;
    };
    const text = (at) => {
      let value = "";
      for (let i = 0; i < 19; i++) value += String.fromCharCode(view.getUint8(tiff + at + i));
      return value;
    };
    const first = entries(u32(4));
    let date = "";
    if (first[0x8769] !== undefined) {
      const exif = entries(first[0x8769]);
      if (exif[0x9003] !== undefined) date = text(exif[0x9003]);
    }
    if (!date && first[0x0132] !== undefined) date = text(first[0x0132]);
    return /^\d{4}:\d\d:\d\d \d\d:\d\d:\d\d$/.test(date) ? date : "";
  }

  function exifWithDate(date) {
    // "Exif\0\0", then a little-endian TIFF: IFD0 → Exif IFD → DateTimeOriginal (20 ASCII bytes).
    const segment = new DataView(new ArrayBuffer(74));
    segment.setUint16(0, 0xffe1);
    segment.setUint16(2, 72);
    [0x45, 0x78, 0x69, 0x66, 0, 0].forEach((byte, i) => segment.setUint8(4 + i, byte));
    const t = 10;
    segment.setUint16(t, 0x4949);
    segment.setUint16(t + 2, 42, true);
    segment.setUint32(t + 4, 8, true);
    segment.setUint16(t + 8, 1, true);
    segment.setUint16(t + 10, 0x8769, true);
    segment.setUint16(t + 12, 4, true);
    segment.setUint32(t + 14, 1, true);
    segment.setUint32(t + 18, 26, true);
    segment.setUint32(t + 22, 0, true);
    segment.setUint16(t + 26, 1, true);
    segment.setUint16(t + 28, 0x9003, true);
    segment.setUint16(t + 30, 2, true);
    segment.setUint32(t + 32, 20, true);
    segment.setUint32(t + 36, 44, true);
    segment.setUint32(t + 40, 0, true);
    for (let i = 0; i < 19; i++) segment.setUint8(t + 44 + i, date.charCodeAt(i));
    segment.setUint8(t + 63, 0);
    return segment.buffer;
  }

  async function withDate(blob, date) {
    if (!date) return blob;
    const head = new DataView(await blob.slice(0, 6).arrayBuffer());
    // After the JFIF header (APP0) when there is one, so that the file stays a JFIF.
    const at = head.getUint16(2) === 0xffe0 ? 4 + head.getUint16(4) : 2;
    return new Blob([blob.slice(0, at), exifWithDate(date), blob.slice(at)], { type: "image/jpeg" });
  }

  async function resized(file) {
    if (!/^image\/(jpeg|png|webp)$/.test(file.type) || typeof createImageBitmap !== "function") return file;
    try {
      const bitmap = await createImageBitmap(file);
      const scale = Math.min(1, maxSide / Math.max(bitmap.width, bitmap.height));
      if (scale >= 1) {
        bitmap.close();
        return file;
      }
      const canvas = document.createElement("canvas");
      canvas.width = Math.round(bitmap.width * scale);
      canvas.height = Math.round(bitmap.height * scale);
      canvas.getContext("2d").drawImage(bitmap, 0, 0, canvas.width, canvas.height);
      bitmap.close();
      const taken = await exifDate(file);
      const blob = await new Promise((resolve) => canvas.toBlob(resolve, "image/jpeg", 0.85));
      if (!blob) return file;
      const dated = await withDate(blob, taken);
      return new File([dated], file.name.replace(/\.[^.]*$/, "") + ".jpg", { type: "image/jpeg" });
    } catch (error) {
      return file;
    }
  }

  // --- the queue on the page ------------------------------------------------------------------------------

  let notice = "";

  // The sentences come from the page (templates/activities/_outbox.html), translated there.
  function say(name, values) {
    const section = document.getElementById("cho-gui");
    let text = (section && section.dataset[name]) || "";
    Object.entries(values || {}).forEach(([key, value]) => {
      text = text.split("{" + key + "}").join(String(value));
    });
    return text;
  }

  function element(tag, attributes, text) {
    const node = document.createElement(tag);
    Object.entries(attributes || {}).forEach(([name, value]) => node.setAttribute(name, value));
    if (text) node.textContent = text;
    return node;
  }

  function fieldValue(item, name) {
    const pair = item.fields.find((entry) => entry[0] === name);
    return pair ? pair[1] : "";
  }

  function dayText(iso) {
    const parts = (iso || "").split("-");
    return parts.length === 3 ? parts[2] + "/" + parts[1] + "/" + parts[0] : "";
  }

  async function render() {
    const section = document.getElementById("cho-gui");
    const counter = document.getElementById("outbox-count");
    if (!section) return;
    let items = [];
    try {
      items = mine(await allItems());
    } catch (error) {
      items = [];
    }
    if (counter) {
      counter.hidden = items.length === 0;
      const badge = counter.querySelector(".badge");
      if (badge) badge.textContent = String(items.length);
    }
    section.replaceChildren();
    section.hidden = items.length === 0 && !notice;
    if (notice) section.append(element("p", { class: "outbox-notice", role: "status" }, notice));
    if (!items.length) return;
    section.append(element("h2", {}, say("heading", { n: items.length })));
    const list = element("ul", { class: "outbox-items" });
    items.forEach((item) => {
      const row = element("li", { class: "outbox-item " + item.state, "data-key": item.key });
      row.append(element("strong", {}, fieldValue(item, "title") || say("untitled")));
      const photos = item.files.length ? " · " + say("files", { n: item.files.length }) : "";
      row.append(element("small", { class: "muted" }, " " + dayText(fieldValue(item, "occurred_on")) + photos));
      const status = say(item.state in { waiting: 1, conflict: 1, invalid: 1 } ? item.state : "waiting");
      row.append(element("p", { class: "outbox-state" }, status));
      (item.errors || []).forEach((message) => row.append(element("p", { class: "error" }, message)));
      if (item.advice) row.append(element("p", { class: "muted" }, item.advice));
      const actions = element("div", { class: "actions" });
      if (item.state === "conflict") {
        const keep = element("button", { type: "button", class: "small", "data-action": "keep" }, say("keep"));
        actions.append(keep);
      }
      if (item.state !== "waiting") {
        actions.append(element("button", { type: "button", class: "small secondary", "data-action": "drop" }, say("drop")));
      }
      if (actions.children.length) row.append(actions);
      list.append(row);
    });
    section.append(list);
  }

  async function onQueueClick(event) {
    const button = event.target.closest("button[data-action]");
    if (!button) return;
    const key = button.closest("[data-key]").getAttribute("data-key");
    const item = mine(await allItems()).find((candidate) => candidate.key === key);
    if (!item) return;
    if (button.dataset.action === "drop") {
      if (!window.confirm(say("dropConfirm", { title: fieldValue(item, "title") }))) return;
      await deleteItem(key);
      notice = "";
    } else {
      item.acceptConflict = true;
      item.state = "waiting";
      item.errors = [];
      item.advice = "";
      await putItem(item);
      flush();
    }
    render();
  }

  // --- sending --------------------------------------------------------------------------------------------

  let flushing = false;

  function formDataOf(item) {
    const data = new FormData();
    item.fields.forEach(([name, value]) => data.append(name, value));
    item.files.forEach((file) => data.append("files", file.blob, file.name));
    data.set("client_key", item.key);
    if (item.acceptConflict) data.set("accept_conflict", "1");
    return data;
  }

  async function sendOne(item) {
    let response;
    try {
      response = await fetch(captureUrl, {
        method: "POST",
        body: formDataOf(item),
        credentials: "same-origin",
        redirect: "manual",
        headers: { "X-CSRFToken": meta("lantoa-csrf"), Accept: "application/json" },
      });
    } catch (error) {
      return "offline"; // the network went again: the item waits, untouched
    }
    const isJson = (response.headers.get("Content-Type") || "").includes("application/json");
    if (response.type === "opaqueredirect" || !isJson) {
      // The session ended (a redirect to the login page) or the server could not answer: keep everything.
      return response.status >= 500 ? "offline" : "login";
    }
    const answer = await response.json();
    if (answer.status === "created" || answer.status === "duplicate") {
      await deleteItem(item.key);
      notice = say("sent", { title: fieldValue(item, "title") });
      return "sent";
    }
    item.state = answer.status === "conflict" ? "conflict" : "invalid";
    item.errors = answer.errors || [];
    item.advice = answer.advice || "";
    await putItem(item);
    return "kept";
  }

  async function flush() {
    if (flushing || !currentUser || !captureUrl || !navigator.onLine) return;
    flushing = true;
    notice = ""; // "no network" is no longer true; what happens now is said below
    try {
      const waiting = mine(await allItems()).filter((item) => item.state === "waiting");
      for (const item of waiting) {
        const outcome = await sendOne(item);
        if (outcome === "login") {
          notice = say("login");
          break;
        }
        if (outcome === "offline") break;
      }
    } finally {
      flushing = false;
      render();
    }
  }

  // --- the activity form, offline --------------------------------------------------------------------------

  async function queueForm(form) {
    const data = new FormData(form);
    const fields = [];
    const files = [];
    for (const [name, value] of data.entries()) {
      if (name === "csrfmiddlewaretoken" || name === "next") continue;
      if (value instanceof File) {
        if (value.size) files.push(value);
      } else {
        fields.push([name, value]);
      }
    }
    if (!fields.some(([name]) => name === "unit")) fields.push(["unit", form.dataset.captureUnit]);
    const kept = [];
    for (const file of files) {
      const small = await resized(file);
      kept.push({ name: small.name, type: small.type, blob: small });
    }
    await putItem({
      key: newKey(),
      user: currentUser,
      createdAt: Date.now(),
      state: "waiting",
      fields: fields,
      files: kept,
      errors: [],
    });
  }

  function watchForm() {
    const form = document.querySelector("form[data-capture-unit]");
    if (!form) return;
    form.addEventListener("submit", async (event) => {
      if (navigator.onLine) return; // online, the form posts as it always did
      event.preventDefault();
      const title = form.querySelector('[name="title"]');
      if (title && !title.value.trim()) {
        title.focus();
        notice = say("needTitle");
        render();
        return;
      }
      const button = form.querySelector('button[type="submit"]');
      if (button) button.disabled = true;
      try {
        await queueForm(form);
        form.reset();
        notice = say("queued");
      } catch (error) {
        notice = say("storeFailed");
      } finally {
        if (button) button.disabled = false;
      }
      await render();
      document.getElementById("cho-gui").scrollIntoView();
    });
  }

  // Online too, photos leave the phone resized: the files of the form are swapped for smaller copies, then
  // the form posts as it always did (the server's page answers, with its messages and errors).
  function watchUploads() {
    if (typeof DataTransfer !== "function") return;
    document.querySelectorAll('form[enctype="multipart/form-data"]').forEach((form) => {
      const input = form.querySelector('input[type="file"][name="files"]');
      if (!input) return;
      form.addEventListener("submit", async (event) => {
        if (form.dataset.resized || !navigator.onLine) return;
        const files = Array.from(input.files || []);
        if (!files.some((file) => /^image\/(jpeg|png|webp)$/.test(file.type))) return;
        event.preventDefault();
        const button = form.querySelector('button[type="submit"]');
        if (button) button.disabled = true;
        const smaller = new DataTransfer();
        for (const file of files) smaller.items.add(await resized(file));
        input.files = smaller.files;
        form.dataset.resized = "1";
        form.submit();
      });
    });
  }

  // --- one person's pages ------------------------------------------------------------------------------------

  async function forgetPages() {
    if ("caches" in self) await caches.delete(PAGE_CACHE);
    if (navigator.serviceWorker && navigator.serviceWorker.controller) {
      navigator.serviceWorker.controller.postMessage({ type: "forget-pages" });
    }
  }

  async function guardPerson() {
    const last = localStorage.getItem("lantoa-user") || "";
    if (!currentUser || last !== currentUser) await forgetPages();
    if (currentUser) localStorage.setItem("lantoa-user", currentUser);
    else localStorage.removeItem("lantoa-user");
    document.querySelectorAll('form[action$="/dang-xuat/"]').forEach((form) => {
      form.addEventListener("submit", (event) => {
        if (form.dataset.forgotten) return;
        event.preventDefault();
        form.dataset.forgotten = "1";
        forgetPages().finally(() => form.submit());
      });
    });
  }

  async function start() {
    await guardPerson();
    if (currentUser && "serviceWorker" in navigator) {
      navigator.serviceWorker.register("/sw.js", { scope: "/" }).catch(() => {});
    }
    const section = document.getElementById("cho-gui");
    if (section) section.addEventListener("click", onQueueClick);
    watchForm();
    watchUploads();
    window.addEventListener("online", flush);
    await render();
    flush();
  }

  if (!("indexedDB" in self)) return;
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
