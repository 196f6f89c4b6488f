// The partners directory's code lists, each defined once: data·inclusion's thematiques (top
// level), publics, service types and fees; organisation kinds; the zone a service serves; the
// fields a referral may share (consent scope); and the reasons a partner declines.
#pragma once
#include "core/referential.h"

namespace jalon::partners {

const referential::List& themes();              // choisir-un-metier, mobilite, famille, …
const referential::List& publics();             // demandeurs-d-emploi, jeunes, …
const referential::List& service_kinds();       // accompagnement, atelier, formation, …
const referential::List& fees();                // gratuit, payant
const referential::List& organisation_kinds();  // france-travail, mission-locale, ccas, ACI, …
const referential::List& zone_kinds();          // commune, epci, departement
const referential::List& consent_scopes();      // identite, contact, naissance, commune
const referential::List& decline_reasons();     // complet, hors-criteres, …

}  // namespace jalon::partners
