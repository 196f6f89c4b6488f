// Jalon's pickers: keyboard autocomplete for communes and areas (EPCI, bassins, zones d'emploi,
// départements, régions), built on GOV.UK's accessible-autocomplete. Each enhances a plain text
// input the server renders (progressive enhancement: without this script the server reads what
// was typed). Data comes from the JSON API with the session cookie.
//   <input data-picker="commune" data-code-field="commune_code">  one commune, its code kept
//   <input data-picker="area" data-code-field="area_code">        an area of the kind chosen in
//                                                                 the form's radio buttons "kind"
//   <input data-picker="commune-add" data-target="communes">      appends "code name" lines to a
//                                                                 textarea
//   <ul data-job-chips>                                            the jobs chosen in the ROME
//     search results (#rome-results checkboxes "appellation"), kept as removable chips (each a
//     hidden "appellation" input) while the results change from one search to the next
(function () {
  'use strict';

  // The job picker does not need the autocomplete library.
  function jobChips(list) {
    var form = list.closest('form');
    var status = document.getElementById(list.getAttribute('data-status'));
    var empty = form.querySelector('[data-chips-empty]');
    var chosen = function (code) {
      return Array.prototype.some.call(list.querySelectorAll('input[name="appellation"]'),
        function (i) { return i.value === code; });
    };
    var count = function () { return list.querySelectorAll('li').length; };
    var say = function (text) {
      if (status) status.textContent = text;
      if (empty) empty.hidden = count() > 0;
    };
    var resultBox = function (code) {
      return Array.prototype.find.call(form.querySelectorAll('#rome-results input[type="checkbox"]'),
        function (b) { return b.value === code; });
    };
    var jobsLabel = function (n) { return n + (n > 1 ? ' métiers choisis' : ' métier choisi'); };

    function add(code, label) {
      var li = document.createElement('li');
      li.className = 'chip';
      var text = document.createElement('span');
      text.className = 'chip-label';
      text.textContent = label;
      var input = document.createElement('input');
      input.type = 'hidden';
      input.name = 'appellation';
      input.value = code;
      var remove = document.createElement('button');
      remove.type = 'button';
      remove.className = 'chip-remove';
      remove.setAttribute('data-chip-remove', '');
      remove.setAttribute('aria-label', 'Retirer ' + label);
      remove.innerHTML = '<span aria-hidden="true">×</span>';
      li.append(text, input, remove);
      list.appendChild(li);
      say(label + ' ajouté aux métiers visés (' + jobsLabel(count()) + ').');
    }

    function removeChip(li, moveFocus) {
      var code = li.querySelector('input').value;
      var label = li.querySelector('.chip-label').textContent;
      var next = li.nextElementSibling || li.previousElementSibling;
      li.remove();
      var box = resultBox(code);
      if (box) box.checked = false;
      say(label + ' retiré des métiers visés (' + jobsLabel(count()) + ').');
      if (moveFocus) {
        var target = next ? next.querySelector('[data-chip-remove]') : document.getElementById('rome-q');
        if (target) target.focus();
      }
    }

    // A result's checkbox is only a way to add a chip: it is never sent itself.
    function adopt(box) {
      box.name = '';
      box.checked = chosen(box.value);
    }

    list.addEventListener('click', function (e) {
      var button = e.target.closest('[data-chip-remove]');
      if (button) removeChip(button.closest('li'), true);
    });
    form.addEventListener('change', function (e) {
      var box = e.target;
      if (!box.closest || !box.closest('#rome-results') || box.type !== 'checkbox') return;
      if (box.checked && !chosen(box.value)) {
        var label = box.labels && box.labels[0] ? box.labels[0].firstChild.textContent.trim() : box.value;
        add(box.value, label);
      } else if (!box.checked) {
        Array.prototype.forEach.call(list.querySelectorAll('li'), function (li) {
          if (li.querySelector('input').value === box.value) removeChip(li, false);
        });
      }
    });
    document.body.addEventListener('htmx:afterSettle', function () {
      form.querySelectorAll('#rome-results input[type="checkbox"]').forEach(adopt);
    });
    form.querySelectorAll('#rome-results input[type="checkbox"]').forEach(adopt);
  }
  var initChips = function () { document.querySelectorAll('[data-job-chips]').forEach(jobChips); };
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', initChips);
  else initChips();

  var create = window.accessibleAutocomplete;
  if (!create) return;

  var french = {
    tNoResults: function () { return 'Aucun résultat'; },
    tStatusQueryTooShort: function (n) { return 'Tapez au moins ' + n + ' caractères pour voir des propositions'; },
    tStatusNoResults: function () { return 'Aucun résultat'; },
    tStatusSelectedOption: function (option, length, index) {
      return option + ' (' + (index + 1) + ' sur ' + length + ') est sélectionné';
    },
    tStatusResults: function (length, selected) {
      return length + (length > 1 ? ' résultats disponibles. ' : ' résultat disponible. ') + selected;
    },
    tAssistiveHint: function () {
      return 'Quand des propositions apparaissent, parcourez-les avec les flèches haut et bas et choisissez avec Entrée.';
    }
  };

  function escapeHtml(s) {
    return String(s).replace(/[&<>"']/g, function (c) {
      return { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[c];
    });
  }

  function communeText(c) {
    if (!c || typeof c === 'string') return c || '';
    var pc = c.postcodes && c.postcodes.length ? c.postcodes[0] : c.departement_code;
    return c.name + ' (' + pc + ')';
  }

  function fetchItems(url, done) {
    fetch(url, { credentials: 'same-origin', headers: { Accept: 'application/json' } })
      .then(function (r) { return r.ok ? r.json() : { items: [] }; })
      .then(function (j) { done(j.items || []); })
      .catch(function () { done([]); });
  }

  function debounce(fn, ms) {
    var t;
    return function () {
      var args = arguments;
      clearTimeout(t);
      t = setTimeout(function () { fn.apply(null, args); }, ms);
    };
  }

  // Replaces `input` by an autocomplete with the same id, name, value and description.
  function enhance(input, options) {
    var wrap = document.createElement('div');
    wrap.className = 'picker';
    input.parentNode.insertBefore(wrap, input);
    var describedBy = input.getAttribute('aria-describedby');
    var invalid = input.getAttribute('aria-invalid');
    var config = Object.assign({
      element: wrap,
      id: input.id,
      name: input.name || undefined,
      defaultValue: input.value,
      minLength: 2,
      showNoOptionsFound: true,
      dropdownArrow: function () { return ''; }
    }, french, options);
    input.remove();
    create(config);
    var created = wrap.querySelector('input');
    if (created) {
      if (describedBy) {
        var own = created.getAttribute('aria-describedby');
        created.setAttribute('aria-describedby', describedBy + (own ? ' ' + own : ''));
      }
      if (invalid) created.setAttribute('aria-invalid', invalid);
    }
    return { wrap: wrap, input: created };
  }

  function codeField(input) {
    var name = input.getAttribute('data-code-field');
    return name ? document.getElementById(name) : null;
  }

  function communePicker(input) {
    var code = codeField(input);
    var picked = enhance(input, {
      source: debounce(function (q, done) {
        fetchItems('/api/v1/communes?q=' + encodeURIComponent(q) + '&limit=10', done);
      }, 200),
      templates: {
        inputValue: communeText,
        suggestion: function (c) {
          if (typeof c === 'string') return escapeHtml(c);
          return escapeHtml(communeText(c)) + ' <span class="muted">— ' + escapeHtml(c.code) + '</span>';
        }
      },
      onConfirm: function (c) { if (c && code) code.value = c.code; }
    });
    if (picked.input && code) {
      picked.input.addEventListener('input', function () { code.value = ''; });
    }
  }

  function areaPicker(input) {
    var code = codeField(input);
    var form = input.form;
    var kind = function () {
      var checked = form && form.querySelector('input[name="kind"]:checked');
      return checked ? checked.value : '';
    };
    var picked = enhance(input, {
      minLength: 1,
      source: debounce(function (q, done) {
        fetchItems('/api/v1/areas?kind=' + encodeURIComponent(kind()) + '&q=' + encodeURIComponent(q) + '&limit=12', done);
      }, 200),
      templates: {
        inputValue: function (a) { return a && typeof a !== 'string' ? a.name : (a || ''); },
        suggestion: function (a) {
          if (typeof a === 'string') return escapeHtml(a);
          return escapeHtml(a.name) + ' <span class="muted">— ' + escapeHtml(a.code) + '</span>';
        }
      },
      onConfirm: function (a) { if (a && code) code.value = a.code; }
    });
    if (picked.input && code) {
      picked.input.addEventListener('input', function () { code.value = ''; });
    }
    // The area field is for areas, the communes field for hand-picked communes.
    var areaField = form && form.querySelector('[data-area-field]');
    var communesField = form && form.querySelector('[data-communes-field]');
    var sync = function () {
      var custom = kind() === 'communes';
      if (areaField) areaField.hidden = custom;
      if (communesField) communesField.hidden = !custom;
    };
    if (form) {
      form.querySelectorAll('input[name="kind"]').forEach(function (r) {
        r.addEventListener('change', function () {
          if (code) code.value = '';
          if (picked.input) picked.input.value = '';
          sync();
        });
      });
    }
    sync();
  }

  function communeAdder(input) {
    var target = document.getElementById(input.getAttribute('data-target'));
    var status = document.createElement('p');
    status.className = 'visually-hidden';
    status.setAttribute('role', 'status');
    input.parentNode.appendChild(status);
    var picked;
    picked = enhance(input, {
      source: debounce(function (q, done) {
        fetchItems('/api/v1/communes?q=' + encodeURIComponent(q) + '&limit=10', done);
      }, 200),
      templates: {
        inputValue: function () { return ''; },
        suggestion: function (c) {
          if (typeof c === 'string') return escapeHtml(c);
          return escapeHtml(communeText(c)) + ' <span class="muted">— ' + escapeHtml(c.code) + '</span>';
        }
      },
      onConfirm: function (c) {
        if (!c || !target) return;
        var lines = target.value.split('\n').map(function (l) { return l.trim(); }).filter(Boolean);
        var already = lines.some(function (l) { return l.split(' ')[0] === c.code; });
        if (!already) lines.push(c.code + ' ' + c.name);
        target.value = lines.join('\n') + '\n';
        status.textContent = already ? c.name + ' est déjà dans la liste.' : c.name + ' ajoutée à la liste (' + lines.length + ' communes).';
      }
    });
  }

  function init() {
    document.querySelectorAll('input[data-picker="commune"]').forEach(communePicker);
    document.querySelectorAll('input[data-picker="area"]').forEach(areaPicker);
    document.querySelectorAll('input[data-picker="commune-add"]').forEach(communeAdder);
  }
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', init);
  else init();
})();
