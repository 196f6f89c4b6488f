// A form's error summary (#erreurs, form_errors.mustache): each link puts the focus in its field,
// not only scrolls to it, so the person can correct it at once.
(function () {
  'use strict';
  var summary = document.getElementById('erreurs');
  if (!summary) return;
  summary.addEventListener('click', function (e) {
    var link = e.target.closest('a[href^="#"]');
    if (!link) return;
    var field = document.getElementById(decodeURIComponent(link.getAttribute('href').slice(1)));
    if (!field) return;
    e.preventDefault();
    field.scrollIntoView({ block: 'center' });
    field.focus();
  });
})();
