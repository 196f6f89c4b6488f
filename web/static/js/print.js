// A "print" button ([data-print], hidden without JavaScript) prints the page with print.css.
(function () {
  'use strict';
  document.querySelectorAll('[data-print]').forEach(function (b) {
    b.hidden = false;
    b.addEventListener('click', function () { window.print(); });
  });
})();
