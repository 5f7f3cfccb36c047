// Progressive enhancement only: every page works without this file.
// No inline scripts anywhere: the Content-Security-Policy allows only this file.
(() => {
  "use strict";

  const openMenus = () => document.querySelectorAll("details.menu[open]");

  // Close an open <details> menu when the user presses Escape or clicks outside it.
  document.addEventListener("keydown", (event) => {
    if (event.key !== "Escape") return;
    openMenus().forEach((menu) => {
      menu.removeAttribute("open");
      menu.querySelector("summary")?.focus();
    });
  });
  document.addEventListener("click", (event) => {
    openMenus().forEach((menu) => {
      if (!menu.contains(event.target)) menu.removeAttribute("open");
    });
  });

  // Only one header menu open at a time.
  document.querySelectorAll("details.menu").forEach((menu) => {
    menu.addEventListener("toggle", () => {
      if (!menu.open) return;
      openMenus().forEach((other) => {
        if (other !== menu) other.removeAttribute("open");
      });
    });
  });

  // A table wider than the screen scrolls inside its wrapper. Make that
  // wrapper reachable by keyboard and name it after the nearest heading.
  const labelFor = (wrap) => {
    let node = wrap;
    while (node && node !== document.body) {
      let sibling = node.previousElementSibling;
      while (sibling) {
        const heading = sibling.matches("h1, h2, h3") ? sibling : null;
        if (heading) return heading.textContent.trim();
        sibling = sibling.previousElementSibling;
      }
      node = node.parentElement;
    }
    return "";
  };
  const markScrollable = () => {
    document.querySelectorAll(".table-wrap").forEach((wrap) => {
      const scrolls = wrap.scrollWidth > wrap.clientWidth + 1;
      if (scrolls && !wrap.hasAttribute("tabindex")) {
        wrap.setAttribute("tabindex", "0");
        wrap.setAttribute("role", "region");
        const label = labelFor(wrap);
        if (label) wrap.setAttribute("aria-label", label);
        wrap.classList.add("table-wrap--scrolls");
      } else if (!scrolls && wrap.classList.contains("table-wrap--scrolls")) {
        wrap.removeAttribute("tabindex");
        wrap.removeAttribute("role");
        wrap.removeAttribute("aria-label");
        wrap.classList.remove("table-wrap--scrolls");
      }
    });
  };
  markScrollable();
  window.addEventListener("resize", markScrollable, { passive: true });
})();
