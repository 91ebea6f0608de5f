// The web chat page. It renders each bot message from its `custom` payload alone and keeps one turn on screen:
// what the bot just said, and the one question (or choice) to answer now. Earlier turns fold into a history that
// can be read but not answered. Focus moves to each new question's heading; the live region says only the bot's
// other words, once; a person's own words are never announced. Everything works by pointer, keyboard, one switch
// (the highlight steps by itself) or two switches (Space steps, Enter chooses).
"use strict";

const webhook = new URL("webhook", window.location.href).toString();
const stage = document.getElementById("stage");
const earlier = document.getElementById("earlier");
const announcer = document.getElementById("announcer");
const form = document.getElementById("say");
const box = document.getElementById("text");
const main = document.getElementById("main");
const newId = () => (crypto.randomUUID ? crypto.randomUUID() : String(Math.random()).slice(2) + Date.now())
  .replace(/[^A-Za-z0-9_-]/g, "");
const symbolUrl = (name) => new URL(`symbols/${name}.svg`, webhook).toString();

// An invitation link can name the survey and the family's language, and a teacher can set the page up for a
// young person: /webhooks/webchat/chat?survey=bromley_outcomes&lang=pl&switch=one&scan=3000&read=1
const link = new URLSearchParams(window.location.search);
const survey = link.get("survey") || undefined;
// a family's key (16 hex digits), when the council's invitation links a parent's answers with their child's:
// the person is asked whether they agree before anything is linked
const family = /^[0-9a-f]{16}$/.test(link.get("family") || "") ? link.get("family") : undefined;
const lang = link.get("lang") || undefined;

// ---- settings: kept for this tab only (sessionStorage), like the session itself ----
const defaults = {readToMe: false, slower: false, easyRead: false, contrast: false, switchMode: "off", scanMs: 2000};
const settings = Object.assign({}, defaults, JSON.parse(sessionStorage.getItem("sayit-settings") || "{}"));
if (link.get("read") === "1") settings.readToMe = true;
if (link.get("slow") === "1") settings.slower = true;
if (link.get("easy") === "1") settings.easyRead = true;
if (link.get("contrast") === "1") settings.contrast = true;
if (["off", "one", "two"].includes(link.get("switch"))) settings.switchMode = link.get("switch");
if (/^\d{3,5}$/.test(link.get("scan") || "")) settings.scanMs = Math.min(10000, Math.max(500, +link.get("scan")));

function saveSettings() {
  sessionStorage.setItem("sayit-settings", JSON.stringify(settings));
  document.documentElement.classList.toggle("contrast", settings.contrast);
  document.documentElement.classList.toggle("easy-read", settings.easyRead);
}
const controlsOf = {
  "read-to-me": "readToMe", "slower": "slower", "easy-read": "easyRead", "contrast": "contrast",
};
for (const [id, key] of Object.entries(controlsOf)) {
  const input = document.getElementById(id);
  input.checked = settings[key];
  input.addEventListener("change", () => {
    settings[key] = input.checked;
    saveSettings();
    if (key === "easyRead") redraw();
  });
}
for (const radio of document.querySelectorAll('input[name="switch"]')) {
  radio.checked = radio.value === settings.switchMode;
  radio.addEventListener("change", () => { settings.switchMode = radio.value; saveSettings(); startScanning(); });
}
const speed = document.getElementById("scan-speed");
if (![...speed.options].some((o) => +o.value === settings.scanMs)) speed.add(new Option(settings.scanMs / 1000, settings.scanMs));
speed.value = String(settings.scanMs);
speed.addEventListener("change", () => { settings.scanMs = +speed.value; saveSettings(); startScanning(); });
saveSettings();

// ---- the page's own words, in the language the person chose (from the catalogs) ----
let labels = {
  title: "SayIt survey", listen: "Listen", stop_audio: "Stop the sound", send: "Send", you: "You",
  more: "More choices", audio_unavailable: "Sorry, the audio is not available just now. Please read the words, or try again later.",
  dropped: "Sorry, the connection dropped. Please try again in a moment.",
  ended: "Your session has ended on this device. The next person will start a new survey.",
  expired: "This session timed out, so a new one has started. Any answers you sent are saved.",
};
let pageLanguage = "en";
// The advocate view (advocate.js, at ?advocate=1) adds its notes and its token to each message and follows each
// turn; without it these do nothing.
const beside = {notes: () => ({}), headers: () => ({}), renewed: () => {}, signedOut: () => false,
                shown: () => {}, ended: () => false};
async function speakPageIn(language) {
  if (!language || language === pageLanguage) return;
  pageLanguage = language;
  try {
    const fetched = await (await fetch(new URL(`labels?lang=${encodeURIComponent(language)}`, webhook))).json();
    if (pageLanguage !== language) return;  // the person changed language again meanwhile
    labels = fetched;
  } catch (err) { return; /* the labels stay as they were */ }
  document.documentElement.lang = language;
  document.documentElement.dir = labels.direction;
  for (const el of document.querySelectorAll("[data-label]")) {
    if (labels[el.dataset.label]) el.textContent = labels[el.dataset.label];
  }
  box.placeholder = labels.placeholder;
  for (const b of stage.querySelectorAll("button.listen")) setListenLabel(b, b.classList.contains("playing"));
  for (const g of stage.querySelectorAll(".controls")) g.setAttribute("aria-label", labels.more);
  for (const b of stage.querySelectorAll("button.record")) setRecordLabel(b, b.dataset.state);
  setTitle();
}
let titleLead = "";
function setTitle() { document.title = titleLead ? `${titleLead} – ${labels.title}` : labels.title; }

// ---- sound: one player for the whole page; a second Listen stops the first ----
const player = new Audio();
window.sayitPlayer = player;  // so a test can see what plays
let queue = [];
let playingButton = null;
const audioUrl = (id) => new URL(`audio/${id}.mp3${settings.slower ? "?pace=slow" : ""}`, webhook).toString();

function setListenLabel(btn, playing) {
  btn.classList.toggle("playing", playing);
  btn.querySelector("img").src = symbolUrl(playing ? "control-stop_audio" : "control-listen");
  btn.querySelector("span").textContent = playing ? labels.stop_audio : labels.listen;
}
function stopAudio() {
  queue = [];
  player.pause();
  if (playingButton) setListenLabel(playingButton, false);
  playingButton = null;
}
function play(ids, button) {
  stopAudio();
  queue = ids.filter(Boolean);
  if (!queue.length) return;
  playingButton = button && button.classList.contains("listen") ? button : null;
  if (playingButton) setListenLabel(playingButton, true);
  playNext();
}
function playNext() {
  const id = queue.shift();
  if (!id) { stopAudio(); return; }
  player.src = audioUrl(id);
  player.play().catch(() => {});
}
player.addEventListener("ended", playNext);
player.addEventListener("error", () => {
  stopAudio();
  say(labels.audio_unavailable);
});
document.addEventListener("keydown", (e) => { if (e.key === "Escape") stopAudio(); });

// ---- building a turn ----
const SENTENCES = typeof Intl.Segmenter === "function" ? (l) => new Intl.Segmenter(l, {granularity: "sentence"}) : null;

// Words as shown: in easy read, one sentence a line.
function words(el, text, language) {
  el.replaceChildren();
  if (!settings.easyRead || !SENTENCES || !text) { el.textContent = text || ""; return el; }
  for (const part of SENTENCES(language || pageLanguage).segment(text)) {
    const s = document.createElement("span");
    s.className = "sentence";
    s.textContent = part.segment.trim();
    if (s.textContent) el.appendChild(s);
  }
  return el;
}

function make(tag, cls, attrs) {
  const el = document.createElement(tag);
  if (cls) el.className = cls;
  for (const [k, v] of Object.entries(attrs || {})) if (v !== undefined && v !== null) el.setAttribute(k, v);
  return el;
}
function symbolImg(name, cls) {
  return make("img", `symbol${cls ? " " + cls : ""}`, {src: symbolUrl(name), alt: ""});  // the words beside say it
}
function listenButton(audio) {
  const btn = make("button", "listen", {type: "button", "data-audio": audio.id});
  btn.append(symbolImg("control-listen", "small"), make("span"));
  setListenLabel(btn, false);
  btn.addEventListener("click", () => (playingButton === btn ? stopAudio() : play([audio.id], btn)));
  return btn;
}

let sending = false;
let onScreen = null;  // the question on screen: a typed reply names it, so it is never stored against another
let spoken = null;    // the language the person chose, once they have: notices from the page itself use it
let shownMessages = [];  // the turn on screen, kept so easy read can redraw it

function isCard(custom) {
  return custom.type === "question" || (custom.choices || []).length > 0 || (custom.controls || []).length > 0;
}
function messageWords(custom, message) {
  if (custom.type === "question") return settings.easyRead && custom.easy_read ? custom.easy_read : custom.text;
  return custom.text || message.text || "";
}
function messageAudio(custom) {
  if (custom.type === "question" && settings.easyRead && custom.easy_read) return custom.easy_read_audio || null;
  return custom.audio || null;
}

function saidItem(custom, text) {
  const li = make("li", null, {lang: custom.language, "data-type": custom.type || "text", tabindex: "-1"});
  li.append(symbolImg(custom.symbol || "message-info", "small"), words(make("div", "words", {dir: "auto"}), text, custom.language));
  return li;
}

function choiceButton(custom, choice) {
  const holder = make("div", "choice");
  const btn = make("button", "answer", {type: "button", tabindex: "-1", "data-value": String(choice.value)});
  if (choice.audio) btn.dataset.audio = choice.audio.id;
  if (custom.type === "choose_language") {  // each name in its own language, script and direction
    btn.lang = choice.value;
    holder.dir = btn.dir = choice.direction;  // its speaker at the same end as the room kept for it
    btn.dataset.language = choice.value;
  }
  if (choice.preselected) btn.classList.add("preselected");
  const label = make("span", "label", {dir: "auto"});
  label.textContent = choice.label;
  btn.append(symbolImg(choice.symbol || "message-info"), label);
  btn.addEventListener("click", () => send(choice.payload, choice.label));
  holder.appendChild(btn);
  if (choice.audio) {
    // for someone who points; a keyboard or switch user hears each choice as it is reached, with "Read to me"
    const hear = make("button", "hear", {type: "button", tabindex: "-1", "aria-label": `${labels.listen}: ${choice.label}`});
    if (custom.type === "choose_language") hear.lang = choice.value;
    hear.appendChild(symbolImg("control-listen"));
    hear.addEventListener("click", () => play([choice.audio.id], hear));
    holder.appendChild(hear);
  }
  return holder;
}

// Arrow keys move between a question's answers (one tab stop for all of them), in the reading direction.
function rove(group) {
  const items = [...group.querySelectorAll("button.answer")];
  const first = items.find((b) => b.classList.contains("preselected")) || items[0];
  if (first) first.tabIndex = 0;
  group.addEventListener("keydown", (e) => {
    const i = items.indexOf(document.activeElement);
    if (i < 0 || scanOn()) return;
    const rtl = getComputedStyle(group).direction === "rtl";
    const step = {ArrowRight: rtl ? -1 : 1, ArrowLeft: rtl ? 1 : -1, ArrowDown: 1, ArrowUp: -1}[e.key];
    let j = step === undefined ? {Home: 0, End: items.length - 1}[e.key] : (i + step + items.length) % items.length;
    if (j === undefined) return;
    e.preventDefault();
    items[i].tabIndex = -1;
    items[j].tabIndex = 0;
    items[j].focus();
  });
}

function card(custom, message) {
  const section = make("section", `card ${custom.type || "text"}`, {
    lang: custom.language, "data-type": custom.type || "text", "data-question": custom.question_id,
  });
  const top = make("div", "card-top");
  top.appendChild(symbolImg(custom.symbol || "message-info"));
  const audio = messageAudio(custom);
  if (audio) top.appendChild(listenButton(audio));  // before the heading, so the answers follow it straight on
  section.appendChild(top);
  const set = make("fieldset", "answers");
  const legend = make("legend");
  const heading = make("h2", "question", {tabindex: "-1", dir: "auto"});
  if (custom.position_text) {
    const position = make("span", "position");
    position.textContent = custom.position_text;
    heading.appendChild(position);
  }
  heading.appendChild(words(make("span", "question-words"), messageWords(custom, message), custom.language));
  legend.appendChild(heading);
  set.appendChild(legend);
  if (custom.audio_note) {
    const note = make("small", "note");
    note.textContent = custom.audio_note;
    set.appendChild(note);
  }
  const choices = custom.choices || [];
  if (choices.length) {
    const kind = custom.type === "choose_language" ? "languages" : custom.type === "choose_role" ? "roles" : "faces";
    const group = make("div", `choices ${kind}`);
    for (const choice of choices) group.appendChild(choiceButton(custom, choice));
    rove(group);
    set.appendChild(group);
  }
  if (custom.type !== "survey_paused" && custom.type !== "safeguarding") set.appendChild(form);  // a typed answer
  const speaking = microphone(custom);  // after the typed answer, so the keys to it stay as they were
  if (speaking) set.appendChild(speaking);
  section.appendChild(set);
  const controls = custom.controls || [];
  if (controls.length) {
    const row = make("div", "controls", {role: "group", "aria-label": labels.more});
    for (const c of controls) {
      const btn = make("button", "control", {type: "button", "data-control": c.value});
      if (c.audio) btn.dataset.audio = c.audio.id;
      const label = make("span");
      label.textContent = c.label;
      btn.append(symbolImg(c.symbol || "message-info", "small"), label);
      btn.addEventListener("click", () => send(c.payload, c.label));
      row.appendChild(btn);
    }
    section.appendChild(row);
  }
  return {section, heading, audio};
}

// ---- the turn on screen, and the history ----
function toHistory() {
  for (const el of stage.querySelectorAll(".said > li, .card h2.question")) {
    const li = make("li", null, {lang: el.closest("[lang]") ? el.closest("[lang]").lang : undefined, dir: "auto"});
    li.textContent = [...el.querySelectorAll(".position, .words, .question-words")].map((n) => n.textContent).join("\n");
    earlier.appendChild(li);
  }
}
function rememberMine(text) {
  const li = make("li", "mine");
  const who = make("span", "who");
  who.textContent = `${labels.you}: `;
  const mine = make("bdi", "words");  // their words in their own direction, whatever the page's
  mine.textContent = text;
  li.append(who, mine);
  earlier.appendChild(li);
}

let saying = null;
function say(text) {  // the live region, cleared first so the same words are announced again
  clearTimeout(saying);  // words still waiting are older than these: never announced after them
  announcer.textContent = "";
  saying = setTimeout(() => { announcer.textContent = text; }, 150);
}

function showTurn(messages, arriving) {
  stopScanning();
  dropRecording();  // a recording for the turn that has gone is never sent
  main.appendChild(form);  // back to its place; a card that takes typed answers takes it again
  stage.replaceChildren();
  shownMessages = messages;
  const said = make("ul", "said");
  const told = [];
  const sounds = [];
  let focusOn = null;
  for (const message of messages) {
    const custom = message.custom || {};
    if (custom.type === "question") onScreen = custom.question_id;
    if (custom.type === "survey_complete" || custom.type === "survey_stopped") onScreen = null;
    if (custom.intro) {
      said.appendChild(saidItem({type: "intro", symbol: "message-notice", language: custom.language}, custom.intro));
      told.push(custom.intro);
    }
    if (isCard(custom)) {
      const built = card(custom, message);
      stage.appendChild(built.section);
      focusOn = built.heading;
      if (built.audio) sounds.push(built.audio.id);
      if (custom.position_text) titleLead = custom.position_text;
    } else {
      const li = saidItem(custom, messageWords(custom, message));
      said.appendChild(li);
      told.push(messageWords(custom, message));
      if (custom.audio) sounds.push(custom.audio.id);
      focusOn = focusOn || li;
    }
    if (custom.type && custom.type !== "choose_language" && custom.language) {
      spoken = custom.language;
    }
    if (custom.language) speakPageIn(custom.language);
  }
  if (said.children.length) stage.prepend(said);
  setTitle();
  beside.shown(messages);
  if (!arriving) return;
  // said once: the question by its focused heading, everything else the bot said by the live region
  const unread = focusOn && focusOn.tagName === "H2" ? told : told.slice(1);
  if (unread.length) say(unread.join(" "));
  if (focusOn) focusOn.focus();
  if (settings.readToMe && sounds.length) play(sounds, stage.querySelector(".card button.listen"));
  startScanning();
}
function redraw() { if (shownMessages.length) showTurn(shownMessages, false); }

// Read to me: a keyboard or switch user hears each button as they reach it.
stage.addEventListener("focusin", (e) => {
  const btn = e.target.closest("button[data-audio]");
  if (settings.readToMe && btn && !btn.classList.contains("listen")) play([btn.dataset.audio], null);
});

// ---- switch access ----
const scan = {timer: null, items: [], at: -1};
const scanOn = () => settings.switchMode !== "off" && scan.items.length > 0;
function stopScanning() {
  clearInterval(scan.timer);
  scan.timer = null;
  for (const el of scan.items) el.classList.remove("scanning");
  scan.items = [];
  scan.at = -1;
}
function startScanning() {
  stopScanning();
  if (settings.switchMode === "off" || sending) return;
  const current = stage.querySelector(".card:last-of-type");
  if (!current) return;
  // the answers first, then the controls, then the question's Listen
  scan.items = [...current.querySelectorAll(".choices button.answer, .voice button.record, .controls button"),
                ...current.querySelectorAll(".card-top button.listen")];
  if (!scan.items.length) return;
  stepScan();
  if (settings.switchMode === "one") scan.timer = setInterval(stepScan, settings.scanMs);
}
function stepScan() {
  if (scan.at >= 0) scan.items[scan.at].classList.remove("scanning");
  scan.at = (scan.at + 1) % scan.items.length;
  const el = scan.items[scan.at];
  el.classList.add("scanning");
  el.focus();
}
document.addEventListener("keydown", (e) => {
  if (!scanOn() || e.target === box || e.target.closest("#settings")) return;
  const chooseKey = e.key === "Enter" || (settings.switchMode === "one" && e.key === " ");
  if (settings.switchMode === "two" && e.key === " ") { e.preventDefault(); stepScan(); return; }
  if (chooseKey) {
    e.preventDefault();
    if (e.repeat) return;  // a switch held down chooses once
    const chosen = scan.items[scan.at];
    if (chosen) chosen.click();
  }
}, true);

// ---- talking to the server ----
// The server issues the session's token; it lives only as long as this tab (sessionStorage), never in
// localStorage, so a shared computer's next person does not inherit it.
async function token() {
  let held = sessionStorage.getItem("sayit-token");
  if (!held) {
    held = (await (await fetch(new URL("session", webhook), {method: "POST"})).json()).token;
    sessionStorage.setItem("sayit-token", held);
  }
  return held;
}
const pause = (ms) => new Promise((done) => setTimeout(done, ms));

// One message, one id: a resend after a dropped connection reuses it, so the server acts on it once. A recording
// (a Blob) goes as it is, to its own address, which names its id.
async function post(body, address) {
  const recorded = body instanceof Blob;
  for (const wait of [0, 1000, 3000]) {
    await pause(wait);
    try {
      const reply = await fetch(address || webhook, {
        method: "POST",
        headers: {"Content-Type": recorded ? body.type.split(";")[0] : "application/json",
                  "Authorization": `Bearer ${await token()}`, ...beside.headers()},
        body: recorded ? body : JSON.stringify(body),
      });
      if (reply.status === 401) {  // the session timed out: a new one, and the message goes to it
        if (beside.signedOut()) return null;  // an advocate's session is not replaced behind their back
        sessionStorage.removeItem("sayit-token");
        rememberBot(labels.expired);
        continue;
      }
      if (reply.status >= 500) continue;
      const renewed = reply.headers.get("X-SayIt-Token");
      if (renewed) sessionStorage.setItem("sayit-token", renewed);
      beside.renewed(reply);
      return await reply.json();
    } catch (err) { /* the connection dropped: try again with the same id */ }
  }
  return null;
}
function rememberBot(text) {
  const li = make("li", null, {dir: "auto"});
  li.textContent = text;
  earlier.appendChild(li);
}

async function send(message, shown, body, address) {
  if (sending) return;  // a second tap while the first is on its way would answer the next question
  sending = true;
  stopScanning();
  stopAudio();
  if (!(body instanceof Blob)) dropRecording();  // answered another way: the microphone stops, unsent
  body = body || {message, message_id: newId(), survey, family, lang, shown_lang: spoken || undefined,
                  question_id: message.startsWith("/") ? undefined : onScreen, ...beside.notes()};
  stage.setAttribute("aria-busy", "true");
  const messages = await post(body, address);
  stage.removeAttribute("aria-busy");
  sending = false;
  if (messages && messages.length && body instanceof Blob && !messages.some((msg) => isCard(msg.custom || {}))) {
    notTaken(messages);
  } else if (messages && messages.length) {
    toHistory();
    if (shown) rememberMine(shown);
    showTurn(messages, true);
  } else {
    // nothing is lost: the same message, with the same id, goes again at a tap
    const li = make("p", "failed", {tabindex: "-1"});
    li.textContent = labels.dropped;
    const again = make("button", "control", {type: "button"});
    again.append(symbolImg("control-send", "small"), document.createTextNode(labels.send));
    again.addEventListener("click", () => { li.remove(); send(message, shown, body, address); });
    li.appendChild(again);
    stage.prepend(li);
    li.focus();
    say(labels.dropped);
  }
}

// ---- the microphone: a spoken answer, recorded here and sent whole (issue 15) ----
// Offered only where the session's language can be heard (custom.voice); where it cannot, the server's reason
// is shown quietly in its place. Press to record, press again to stop and send; it stops and sends by itself
// after 30 seconds. No microphone, or permission refused, takes the button away for the rest of the session.
Object.assign(labels, {
  record: "Record", stop_recording: "Stop and send", sending_voice: "Sending…", spoken: "A spoken answer",
  listening: "Listening. Press Stop and send when you have finished. It stops by itself after 30 seconds.",
  no_microphone: "The microphone is not working here, so please tap or type your answer instead.",
});
const VOICE_MS = 30000;
// Opus where the browser records it (Chromium, Firefox), else what it has (Safari's mp4)
const RECORDINGS = ["audio/webm;codecs=opus", "audio/ogg;codecs=opus", "audio/webm", "audio/mp4"];
// none found, or refused, is kept with the session (as its token is), so the button is not offered again
const recordable = () => Boolean(navigator.mediaDevices && navigator.mediaDevices.getUserMedia && window.MediaRecorder)
  && !sessionStorage.getItem("sayit-no-microphone");
let recording = null;  // the recording under way: {recorder, button, question, started, ticker, limit, wanted}

function microphone(custom) {
  if (custom.type !== "question") return null;
  if (!custom.voice) {
    if (!custom.voice_unavailable) return null;
    const why = make("p", "voice-unavailable", {dir: "auto"});
    why.textContent = custom.voice_unavailable;
    return why;
  }
  if (!recordable()) return null;
  const holder = make("div", "voice");
  const btn = make("button", "record", {type: "button", "aria-pressed": "false"});
  btn.append(symbolImg("control-record"), make("span", "record-label"));
  const timer = make("span", "timer", {dir: "ltr"});
  timer.hidden = true;
  holder.append(btn, timer);
  setRecordLabel(btn, "idle");
  btn.addEventListener("click", () => {
    if (btn.dataset.state === "recording") finishRecording();
    else if (btn.dataset.state === "idle") startRecording(btn, custom.question_id);
  });
  return holder;
}

function setRecordLabel(btn, state) {
  btn.dataset.state = state;
  btn.setAttribute("aria-pressed", String(state === "recording"));
  if (state === "sending") btn.setAttribute("aria-disabled", "true"); else btn.removeAttribute("aria-disabled");
  btn.querySelector("img").src = symbolUrl(state === "recording" ? "control-stop_recording" : "control-record");
  btn.querySelector("span").textContent = {idle: labels.record, asking: labels.record,
                                           recording: labels.stop_recording, sending: labels.sending_voice}[state];
}

function clock(ms) {  // m:ss
  const s = Math.floor(Math.min(VOICE_MS, Math.max(0, ms)) / 1000);
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, "0")}`;
}

async function startRecording(btn, question) {
  if (sending || recording) return;
  setRecordLabel(btn, "asking");  // a second press while the browser asks for the microphone does nothing
  let stream = null;
  let recorder = null;
  try {
    stream = await navigator.mediaDevices.getUserMedia({audio: true});
    const type = RECORDINGS.find((t) => MediaRecorder.isTypeSupported(t));
    recorder = new MediaRecorder(stream, type ? {mimeType: type} : undefined);
  } catch (err) {
    if (stream) for (const track of stream.getTracks()) track.stop();
    noMicrophone(btn);
    return;
  }
  if (!btn.isConnected || sending) {  // the turn moved on, or an answer went another way, while the browser asked
    for (const track of stream.getTracks()) track.stop();
    if (btn.isConnected) setRecordLabel(btn, "idle");
    return;
  }
  stopAudio();  // or the bot's own voice is recorded too
  const chunks = [];
  const taking = {recorder, button: btn, question, started: Date.now(), wanted: true};
  recorder.addEventListener("dataavailable", (e) => { if (e.data.size) chunks.push(e.data); });
  recorder.addEventListener("stop", () => {
    for (const track of stream.getTracks()) track.stop();
    const clip = new Blob(chunks, {type: recorder.mimeType || "audio/webm"});
    if (taking.wanted && clip.size) sendClip(clip, taking);
    else if (btn.isConnected) setRecordLabel(btn, "idle");
  });
  try {
    recorder.start();
  } catch (err) {  // a microphone the recorder cannot take
    for (const track of stream.getTracks()) track.stop();
    noMicrophone(btn);
    return;
  }
  recording = taking;
  setRecordLabel(btn, "recording");
  const timer = btn.parentElement.querySelector(".timer");
  const tick = () => { timer.textContent = `${clock(Date.now() - taking.started)} / ${clock(VOICE_MS)}`; };
  tick();
  timer.hidden = false;
  taking.ticker = setInterval(tick, 250);
  taking.limit = setTimeout(finishRecording, VOICE_MS);
  say(labels.listening);
  if (scanOn()) {  // a switch user's next press stops it: the highlight waits on the button
    stopScanning();
    scan.items = [btn];
    stepScan();
  }
}

function finishRecording() {
  const taking = recording;
  if (!taking) return;
  recording = null;
  clearInterval(taking.ticker);
  clearTimeout(taking.limit);
  if (taking.button.isConnected) {
    taking.button.parentElement.querySelector(".timer").hidden = true;
    if (taking.wanted) setRecordLabel(taking.button, "sending");  // at once, while the recorder finishes
  }
  taking.recorder.stop();  // its "stop" sends the clip, or not
}
function dropRecording() {
  if (recording) recording.wanted = false;
  finishRecording();
}

async function sendClip(clip, taking) {
  setRecordLabel(taking.button, "sending");
  say(labels.sending_voice);
  const address = new URL("voice", webhook);
  // beside an advocate, their notes on how this answer was given go with it, as with a typed or tapped one
  const named = {message_id: newId(), question_id: taking.question, survey, family, lang, shown_lang: spoken || undefined,
                 ...beside.notes()};
  for (const [name, value] of Object.entries(named)) if (value) address.searchParams.set(name, value);
  await send(null, labels.spoken, clip, address.toString());
  if (taking.button.isConnected) setRecordLabel(taking.button, "idle");  // still this question: record again
}

// A recording the server could not take (too long, too fast, the store unwritable): its kind words above the
// question, which stays, so the person can record again, tap or type.
function notTaken(messages) {
  const said = make("ul", "said");
  for (const msg of messages) said.appendChild(saidItem(msg.custom || {}, messageWords(msg.custom || {}, msg)));
  const before = stage.querySelector(":scope > .said");
  if (before) before.replaceWith(said); else stage.prepend(said);
  say(messages.map((msg) => messageWords(msg.custom || {}, msg)).join(" "));
  startScanning();
}

function noMicrophone(btn) {
  sessionStorage.setItem("sayit-no-microphone", "1");
  const why = make("p", "voice-unavailable", {tabindex: "-1", dir: "auto"});
  why.textContent = labels.no_microphone;
  const holder = btn.closest(".voice");
  if (!holder) return;
  holder.replaceWith(why);
  say(labels.no_microphone);
  if (settings.switchMode !== "off") startScanning(); else why.focus();
}

form.addEventListener("submit", (event) => {
  event.preventDefault();
  const text = box.value.trim();
  if (text) { box.value = ""; send(text, text); }
});

// "End my session": the server forgets the token, the page forgets the conversation, and the next person
// starts a new survey.
document.getElementById("end").addEventListener("click", async () => {
  const held = sessionStorage.getItem("sayit-token");
  sessionStorage.removeItem("sayit-token");
  sessionStorage.removeItem("sayit-no-microphone");  // the next person may have one
  stopAudio();
  if (held) {
    try { await fetch(new URL("end", webhook), {method: "POST", headers: {"Authorization": `Bearer ${held}`}}); }
    catch (err) { /* the token dies by itself when it times out */ }
  }
  earlier.replaceChildren();
  stage.replaceChildren();
  onScreen = null;
  spoken = null;
  say(labels.ended);
  if (!beside.ended()) send("hello", null);
});

// the conversation starts (the page shows nobody typed anything); an advocate signs in first (advocate.js)
if (!link.has("advocate")) send("hello", null);
