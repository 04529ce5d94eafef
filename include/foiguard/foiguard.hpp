// Umbrella header: the whole public API.
#pragma once

#include "foiguard/allowlist.hpp"
#include "foiguard/baseline.hpp"
#include "foiguard/detector.hpp"
#include "foiguard/finding.hpp"
#include "foiguard/location.hpp"
#include "foiguard/normalize.hpp"
#include "foiguard/policy.hpp"
#include "foiguard/report.hpp"
#include "foiguard/roster.hpp"
#include "foiguard/rules.hpp"
#include "foiguard/scanner.hpp"
#include "foiguard/text_batch.hpp"
#include "foiguard/version.hpp"
#include "foiguard/visibility.hpp"
