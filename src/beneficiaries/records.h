// The ui::Records lookup of the app: a record page of any domain opens the person through it,
// with the same audited, scoped read as the record itself (BeneficiaryService::get).
#pragma once
#include "beneficiaries/service.h"
#include "ui/record.h"

namespace jalon::beneficiaries {

class RecordLookup : public ui::Records {
 public:
  explicit RecordLookup(BeneficiaryService& people) : people_(people) {}
  std::optional<ui::RecordHeader> open(const http::Request& req, const std::string& id,
                                       std::string_view sections) const override;

 private:
  BeneficiaryService& people_;
};

}  // namespace jalon::beneficiaries
