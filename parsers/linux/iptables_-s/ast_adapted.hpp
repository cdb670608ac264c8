#pragma once

#include <boost/fusion/include/adapt_struct.hpp>

#include "parsers/linux/iptables_-s/ast.hpp"

BOOST_FUSION_ADAPT_STRUCT(vtyguard::parsers::lnx::iptables_s::ast::Token, text, quoted)
BOOST_FUSION_ADAPT_STRUCT(vtyguard::parsers::lnx::iptables_s::ast::Policy, chain, target)
BOOST_FUSION_ADAPT_STRUCT(vtyguard::parsers::lnx::iptables_s::ast::Rule, chain, tokens)
