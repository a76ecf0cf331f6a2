// Two small helps, nothing the pages need to work: names suggested as you type (from the API's
// name search, which knows every spelling), and the arrow keys for the previous and next year.
(function () {
  const input = document.getElementById("q");
  const list = document.getElementById("names");
  let asked = 0;
  if (input && list) {
    input.addEventListener("input", async () => {
      const name = input.value.trim();
      const ticket = ++asked;
      if (name.length < 2) { list.replaceChildren(); return; }
      try {
        const answer = await fetch("/persons/search?limit=8&name=" + encodeURIComponent(name));
        if (ticket !== asked) return; // a later keystroke has asked again
        const found = answer.ok ? await answer.json() : [];
        const seen = new Set();
        list.replaceChildren(...found.filter((c) => !seen.has(c.person.id) && seen.add(c.person.id)).map((c) => {
          const option = document.createElement("option");
          option.value = c.person.name;
          option.label = c.form === c.person.name ? c.person.name : c.person.name + " (" + c.form + ")";
          return option;
        }));
      } catch (e) { /* suggestions are a help; the search itself still works */ }
    });
  }
  document.addEventListener("keydown", (event) => {
    if (event.altKey || event.ctrlKey || event.metaKey) return;
    const target = event.target;
    if (target instanceof HTMLInputElement || target instanceof HTMLSelectElement || target instanceof HTMLTextAreaElement) return;
    const link = document.querySelector('a[data-key="' + event.key + '"]');
    if (link) { window.location.href = link.href; }
  });
})();
