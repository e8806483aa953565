// Accessible names and landmarks the theme's templates leave out (see _ext/accessible_pages.py).
(() => {
  const fix = () => {
    document.querySelectorAll(".bd-sidenav li > details > summary").forEach((summary) => {
      if (summary.hasAttribute("aria-label")) return;
      const link = summary.closest("li").querySelector(":scope > a");
      const name = link ? link.textContent.trim() : "";
      summary.setAttribute("aria-label", name ? `展开或收起“${name}”` : "展开或收起");
    });
    const sidebar = document.querySelector(".bd-sidebar-primary");
    if (sidebar && !sidebar.hasAttribute("role")) {
      sidebar.setAttribute("role", "complementary");
      sidebar.setAttribute("aria-label", "站点导航");
    }
  };
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", fix);
  else fix();
})();
