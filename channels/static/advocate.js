// The advocate view of the web chat (/webhooks/webchat/chat?advocate=1): the advocate signs in with their own
// account, starts the young person's survey by the council's reference, and the young person answers on this
// screen as anyone does. Beside it, the advocate's panel says how each answer was given and what they noticed;
// both go with the answer. When the young person asks the advocate to step back (by the symbol on every
// question), the panel says so and its choices rest: the server keeps those answers as unassisted.
"use strict";

(() => {
  if (!link.has("advocate")) return;
  const start = document.getElementById("advocate-start");
  const signIn = document.getElementById("adv-sign-in");
  const refused = document.getElementById("adv-refused");
  const reference = document.getElementById("adv-reference");
  const panel = document.getElementById("advocate-panel");
  const how = document.getElementById("adv-how");
  const state = document.getElementById("adv-state");
  const observation = document.getElementById("adv-observation");
  const history = document.getElementById("history");
  const endButton = document.getElementById("end");
  const json = {"Content-Type": "application/json"};
  let advocateToken = sessionStorage.getItem("sayit-advocate");
  let steppedBack = false;
  let lastQuestion = null;
  document.body.classList.add("advocate-mode");

  function showStart() {  // signing in, or the reference of the next young person
    const signedIn = Boolean(advocateToken);
    start.hidden = false;
    signIn.hidden = signedIn;
    reference.hidden = !signedIn;
    panel.hidden = !signedIn;
    for (const hide of [form, history, endButton]) hide.hidden = true;
    stage.replaceChildren();
    document.getElementById(signedIn ? "adv-ref" : "adv-username").focus();
  }

  function showSurvey() {
    start.hidden = true;
    panel.hidden = false;
    for (const show of [form, history, endButton]) show.hidden = false;
    lastQuestion = null;
    send("hello", null);
  }

  function forget() {
    sessionStorage.removeItem("sayit-advocate");
    sessionStorage.removeItem("sayit-token");
    advocateToken = null;
  }

  signIn.addEventListener("submit", async (event) => {
    event.preventDefault();
    const password = document.getElementById("adv-password");
    const body = {username: document.getElementById("adv-username").value, password: password.value};
    password.value = "";
    let reply = null;
    try { reply = await fetch(new URL("advocate/sign-in", webhook), {method: "POST", headers: json, body: JSON.stringify(body)}); }
    catch (err) { /* told below, as a refusal: try again */ }
    if (!reply || !reply.ok) {
      refused.hidden = false;
      refused.focus();
      say(refused.textContent);
      return;
    }
    refused.hidden = true;
    advocateToken = (await reply.json()).token;
    sessionStorage.setItem("sayit-advocate", advocateToken);
    showStart();
  });

  reference.addEventListener("submit", async (event) => {
    event.preventDefault();
    const given = document.getElementById("adv-ref");
    let reply = null;
    try {
      reply = await fetch(new URL("advocate/start", webhook), {
        method: "POST", headers: {...json, "Authorization": `Bearer ${advocateToken}`},
        body: JSON.stringify({reference: given.value}),
      });
    } catch (err) { return; }
    if (reply.status === 401) { forget(); showStart(); return; }
    const bad = document.getElementById("adv-ref-bad");
    bad.hidden = reply.ok;
    if (!reply.ok) { bad.focus(); say(bad.textContent); return; }
    given.value = "";  // the reference is not kept, not even on the page
    sessionStorage.setItem("sayit-token", (await reply.json()).token);
    showSurvey();
  });

  document.getElementById("adv-sign-out").addEventListener("click", async () => {
    const held = {advocate: advocateToken, young: sessionStorage.getItem("sayit-token")};
    forget();
    stopAudio();
    const tell = (path, token) => fetch(new URL(path, webhook), {method: "POST", headers: {"Authorization": `Bearer ${token}`}})
      .catch(() => { /* the token dies by itself when it times out */ });
    if (held.young) await tell("end", held.young);
    if (held.advocate) await tell("advocate/sign-out", held.advocate);
    earlier.replaceChildren();
    showStart();
  });

  beside.headers = () => (advocateToken ? {"X-SayIt-Advocate": advocateToken} : {});
  beside.renewed = (reply) => {
    const renewed = reply.headers.get("X-SayIt-Advocate");
    if (renewed) { advocateToken = renewed; sessionStorage.setItem("sayit-advocate", renewed); }
  };
  // with an answer to the question on screen only: how it was given (not once they have stepped back: the
  // server keeps those as unassisted) and what the advocate noticed
  beside.notes = () => {
    if (!onScreen) return {};
    const chosen = how.querySelector("input[name=assistance]:checked");
    const noticed = observation.value.trim();
    return {assistance: chosen && !steppedBack ? chosen.value : undefined, observation: noticed || undefined};
  };
  beside.shown = (messages) => {
    const question = messages.map((m) => m.custom || {}).find((c) => c.type === "question");
    if (!question) return;
    if (question.question_id !== lastQuestion) observation.value = "";  // the last answer took its note
    lastQuestion = question.question_id;
    steppedBack = Boolean(question.advocate && question.advocate.stepped_back);
    how.disabled = steppedBack;
    document.getElementById("adv-helping").hidden = steppedBack;
    document.getElementById("adv-stepped-back").hidden = !steppedBack;
    state.classList.toggle("stepped-back", steppedBack);
  };
  beside.signedOut = () => { forget(); showStart(); return true; };
  beside.ended = () => { showStart(); return true; };

  if (advocateToken && sessionStorage.getItem("sayit-token")) showSurvey();  // a reload mid-survey carries on
  else showStart();
})();
