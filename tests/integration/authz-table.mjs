// THE authorization matrix: for every route, the expected outcome for each role, on an object
// of the caller's own structure and on one of the other structure. Every later issue adds its
// routes here; authz-matrix.spec.mjs fails when a route of the server is missing from this table.
//
// Roles, in column order:  anonymous, counselor, coordinator, structure_admin, partner, funder,
//                          platform_admin
// Outcomes: A = allowed (2xx, 3xx elsewhere, 410, 422), L = must sign in (401, 429 or a
//           redirect to /connexion), F = forbidden (403), N = not found (404).
// `object` names the {id} the path needs: own/foreign rows differ only for routes with one.
export const ROLES = ['anonymous', 'counselor', 'coordinator', 'structure_admin', 'partner', 'funder', 'platform_admin'];

export const TABLE = [
  // method, pattern,                              object,      own,       foreign
  ['GET', '/', null, 'AAAAAAA'],
  ['GET', '/healthz', null, 'AAAAAAA'],
  ['GET', '/metrics', null, 'AAAAAAA'],
  ['GET', '/static/{path...}', null, 'AAAAAAA'],
  ['GET', '/connexion', null, 'AAAAAAA'],
  ['POST', '/connexion', null, 'LLLLLLL'],  // empty credentials: refused for everyone
  ['GET', '/connexion/code', null, 'LAAAAAA'],
  ['POST', '/connexion/code', null, 'LAAAAAA'],
  ['GET', '/compte/mfa', null, 'LAAAAAA'],
  ['POST', '/compte/mfa', null, 'LAAAAAA'],
  ['GET', '/compte', null, 'LAAAAAA'],
  ['POST', '/compte/sessions/{id}/fin', 'session', 'LNNNNNN', 'LNNNNNN'],
  ['GET', '/compte/mot-de-passe', null, 'LAAAAAA'],
  ['POST', '/compte/mot-de-passe', null, 'LAAAAAA'],
  ['GET', '/mot-de-passe-oublie', null, 'AAAAAAA'],
  ['POST', '/mot-de-passe-oublie', null, 'AAAAAAA'],
  ['GET', '/mot-de-passe/nouveau', null, 'AAAAAAA'],
  ['POST', '/mot-de-passe/nouveau', null, 'AAAAAAA'],
  ['GET', '/invitation', null, 'AAAAAAA'],
  ['POST', '/invitation', null, 'AAAAAAA'],
  ['GET', '/api/v1/moi', null, 'LAAAAAA'],
  ['GET', '/admin/structure', null, 'LFFAFFF'],
  ['POST', '/admin/structure', null, 'LFFAFFF'],
  ['GET', '/admin/utilisateurs', null, 'LFFAFFF'],
  ['GET', '/admin/utilisateurs/inviter', null, 'LFFAFFF'],
  ['POST', '/admin/utilisateurs/inviter', null, 'LFFAFFF'],
  ['GET', '/admin/utilisateurs/{id}', 'user', 'LFFAFFF', 'LFFNFFF'],
  ['POST', '/admin/utilisateurs/{id}', 'user', 'LFFAFFF', 'LFFNFFF'],
  ['POST', '/admin/utilisateurs/{id}/desactiver', 'target', 'LFFAFFF', 'LFFNFFF'],
  ['POST', '/admin/utilisateurs/{id}/reactiver', 'target', 'LFFAFFF', 'LFFNFFF'],
  ['GET', '/admin/equipes', null, 'LFFAFFF'],
  ['POST', '/admin/equipes', null, 'LFFAFFF'],
  ['POST', '/admin/equipes/{id}', 'team', 'LFFAFFF', 'LFFNFFF'],
  ['GET', '/admin/journal/{type}/{id}', 'journal', 'LFFAFFF', 'LFFNFFF'],
  ['GET', '/plateforme/structures', null, 'LFFFFFA'],
  ['POST', '/plateforme/structures', null, 'LFFFFFA'],
  // Beneficiary records (issue 5): own = in counselor A's caseload in structure A (coordinator A
  // has no team: structure-wide); foreign = a record of structure B.
  ['GET', '/beneficiaires', null, 'LAAAFFF'],
  ['POST', '/beneficiaires/recherche', null, 'LAAAFFF'],
  ['GET', '/beneficiaires/nouveau', null, 'LAAAFFF'],
  ['POST', '/beneficiaires/nouveau', null, 'LAAAFFF'],
  ['GET', '/beneficiaires/{id}', 'beneficiary', 'LAAAFFF', 'LNNNFFF'],
  ['GET', '/beneficiaires/{id}/situation', 'beneficiary', 'LAAAFFF', 'LNNNFFF'],
  ['POST', '/beneficiaires/{id}/situation', 'beneficiary', 'LAAAFFF', 'LNNNFFF'],
  ['GET', '/beneficiaires/{id}/diagnostic', 'beneficiary', 'LAAAFFF', 'LNNNFFF'],
  ['GET', '/beneficiaires/{id}/diagnostic/nouveau', 'beneficiary', 'LAAAFFF', 'LNNNFFF'],
  ['POST', '/beneficiaires/{id}/diagnostic/nouveau', 'beneficiary', 'LAAAFFF', 'LNNNFFF'],
  ['GET', '/beneficiaires/{id}/projet', 'beneficiary', 'LAAAFFF', 'LNNNFFF'],
  ['POST', '/beneficiaires/{id}/projet', 'beneficiary', 'LAAAFFF', 'LNNNFFF'],
  ['GET', '/beneficiaires/{id}/eligibilite', 'beneficiary', 'LAAAFFF', 'LNNNFFF'],
  ['POST', '/beneficiaires/{id}/eligibilite', 'beneficiary', 'LAAAFFF', 'LNNNFFF'],
  ['POST', '/beneficiaires/{id}/eligibilite/verdict', 'beneficiary', 'LAAAFFF', 'LNNNFFF'],
  // Health (SR 2): the referent only (counselor A), with the module enabled in structure A.
  ['GET', '/beneficiaires/{id}/sante', 'beneficiary', 'LANFFFF', 'LNNFFFF'],
  ['POST', '/beneficiaires/{id}/sante', 'beneficiary', 'LANFFFF', 'LNNFFFF'],
  ['GET', '/api/v1/openapi.json', null, 'AAAAAAA'],
  ['GET', '/referentiels/rome/appellations', null, 'LAAAAAA'],
  ['GET', '/api/v1/beneficiaries', null, 'LAAAFFF'],
  ['POST', '/api/v1/beneficiaries', null, 'LAAAFFF'],
  ['GET', '/api/v1/beneficiaries/{id}', 'beneficiary', 'LAAAFFF', 'LNNNFFF'],
  ['POST', '/api/v1/beneficiaries/{id}/diagnoses', 'beneficiary', 'LAAAFFF', 'LNNNFFF'],
  ['POST', '/api/v1/beneficiaries/{id}/situations', 'beneficiary', 'LAAAFFF', 'LNNNFFF'],
  // Pathway (issue 6, part A): appointments and reports reach their beneficiary's scope, so
  // own = counselor A's caseload, foreign = structure B. The appointment is not yet attended;
  // the report is a draft of another, attended appointment.
  ['GET', '/beneficiaires/{id}/rendez-vous', 'beneficiary', 'LAAAFFF', 'LNNNFFF'],
  ['GET', '/beneficiaires/{id}/rendez-vous/nouveau', 'beneficiary', 'LAAAFFF', 'LNNNFFF'],
  ['POST', '/beneficiaires/{id}/rendez-vous/nouveau', 'beneficiary', 'LAAAFFF', 'LNNNFFF'],
  ['GET', '/rendez-vous/{id}', 'appointment', 'LAAAFFF', 'LNNNFFF'],
  ['GET', '/rendez-vous/{id}/modifier', 'appointment', 'LAAAFFF', 'LNNNFFF'],
  ['POST', '/rendez-vous/{id}/modifier', 'appointment', 'LAAAFFF', 'LNNNFFF'],
  ['POST', '/rendez-vous/{id}/statut', 'appointment', 'LAAAFFF', 'LNNNFFF'],
  ['GET', '/rendez-vous/{id}/convocation', 'appointment', 'LAAAFFF', 'LNNNFFF'],
  ['POST', '/rendez-vous/{id}/convocation', 'appointment', 'LAAAFFF', 'LNNNFFF'],
  ['GET', '/rendez-vous/{id}/ics', 'appointment', 'LAAAFFF', 'LNNNFFF'],
  ['POST', '/rendez-vous/{id}/compte-rendu', 'appointment', 'LAAAFFF', 'LNNNFFF'],
  ['GET', '/agenda', null, 'LAAAFFF'],
  ['POST', '/agenda/flux', null, 'LAAAFFF'],
  // Feeds are personal: only their owner (counselor A) may revoke one.
  ['POST', '/agenda/flux/{id}/revoquer', 'feedref', 'LANNFFF', 'LNNNFFF'],
  // Public by secret token: anyone holding a valid token reads it, signed in or not.
  ['GET', '/agenda/flux/{token}', 'feed', 'AAAAAAA', 'AAAAAAA'],
  ['GET', '/beneficiaires/{id}/comptes-rendus', 'beneficiary', 'LAAAFFF', 'LNNNFFF'],
  ['GET', '/comptes-rendus/{id}', 'report', 'LAAAFFF', 'LNNNFFF'],
  ['GET', '/comptes-rendus/{id}/modifier', 'report', 'LAAAFFF', 'LNNNFFF'],
  ['POST', '/comptes-rendus/{id}/modifier', 'report', 'LAAAFFF', 'LNNNFFF'],
  ['POST', '/comptes-rendus/{id}/finaliser', 'report', 'LAAAFFF', 'LNNNFFF'],
  ['POST', '/comptes-rendus/{id}/addenda', 'report', 'LAAAFFF', 'LNNNFFF'],
  ['GET', '/api/v1/beneficiaries/{id}/appointments', 'beneficiary', 'LAAAFFF', 'LNNNFFF'],
  ['POST', '/api/v1/beneficiaries/{id}/appointments', 'beneficiary', 'LAAAFFF', 'LNNNFFF'],
  ['GET', '/api/v1/appointments/{id}', 'appointment', 'LAAAFFF', 'LNNNFFF'],
  ['PATCH', '/api/v1/appointments/{id}', 'appointment', 'LAAAFFF', 'LNNNFFF'],
  ['POST', '/api/v1/appointments/{id}/status', 'appointment', 'LAAAFFF', 'LNNNFFF'],
  ['POST', '/api/v1/appointments/{id}/convocation', 'appointment', 'LAAAFFF', 'LNNNFFF'],
  ['POST', '/api/v1/appointments/{id}/report', 'appointment', 'LAAAFFF', 'LNNNFFF'],
  ['GET', '/api/v1/agenda', null, 'LAAAFFF'],
  ['GET', '/api/v1/beneficiaries/{id}/reports', 'beneficiary', 'LAAAFFF', 'LNNNFFF'],
  ['GET', '/api/v1/reports/{id}', 'report', 'LAAAFFF', 'LNNNFFF'],
  ['PUT', '/api/v1/reports/{id}', 'report', 'LAAAFFF', 'LNNNFFF'],
  ['POST', '/api/v1/reports/{id}/finalise', 'report', 'LAAAFFF', 'LNNNFFF'],
  ['POST', '/api/v1/reports/{id}/addenda', 'report', 'LAAAFFF', 'LNNNFFF'],
  // Runs last for each role: it ends the session.
  ['POST', '/deconnexion', null, 'LAAAAAA'],
];
