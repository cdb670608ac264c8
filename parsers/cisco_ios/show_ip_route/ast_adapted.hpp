#pragma once

// Hop is filled by semantic actions (its segments come in any order), so nothing is adapted.
#include "parsers/cisco_ios/show_ip_route/ast.hpp"
