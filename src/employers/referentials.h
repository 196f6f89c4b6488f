// The employer domain's code lists, each defined once: relation statuses, prospecting action
// kinds, application states and refusal reasons (les emplois de l'inclusion), contract kinds and
// INSEE size bands; and the SIRET check.
#pragma once
#include <string_view>

#include "core/referential.h"

namespace jalon::employers {

// jamais_contacte → contacte → rencontre → partenaire_actif → en_sommeil.
const referential::List& relation_statuses();
inline constexpr std::string_view kNeverContacted = "jamais_contacte";

// appel, visite, courriel, evenement.
const referential::List& action_kinds();

// nouvelle, a_l_etude, entretien_prevu, en_attente, acceptee, refusee, annulee. The flag kFinal
// marks the states no transition leaves (but acceptee → annulee).
const referential::List& application_states();
inline constexpr std::uint32_t kFinal = 1;
inline constexpr std::string_view kNewApplication = "nouvelle";
inline constexpr std::string_view kAccepted = "acceptee";
inline constexpr std::string_view kRefused = "refusee";
// Whether an application may go from `from` to `to` (les emplois' transitions).
bool may_move(std::string_view from, std::string_view to);

const referential::List& refusal_reasons();
const referential::List& contract_kinds();
// INSEE "tranche d'effectif salarié" codes (NN, 00, 01 … 53) with their labels.
const referential::List& size_bands();
// A middle headcount for a size band (0 when unknown), used by the hiring potential.
int size_headcount(std::string_view band);

// 14 digits whose Luhn sum is a multiple of 10 (La Poste's establishments excepted: SIREN
// 356000000, whose SIRETs sum their digits to a multiple of 5).
bool valid_siret(std::string_view siret);

}  // namespace jalon::employers
