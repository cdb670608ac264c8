#pragma once

#include <boost/fusion/include/adapt_struct.hpp>

#include "parsers/linux/hosts_access/ast.hpp"

BOOST_FUSION_ADAPT_STRUCT(vtyguard::parsers::lnx::hosts_access::ast::Rule, daemons, clients, options)
