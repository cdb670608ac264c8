#pragma once

#include <boost/fusion/include/adapt_struct.hpp>

#include "parsers/linux/nft_list_ruleset/ast.hpp"

BOOST_FUSION_ADAPT_STRUCT(vtyguard::parsers::lnx::nft_list_ruleset::ast::Token, kind, text, elements)
BOOST_FUSION_ADAPT_STRUCT(vtyguard::parsers::lnx::nft_list_ruleset::ast::Table, family, name)
BOOST_FUSION_ADAPT_STRUCT(vtyguard::parsers::lnx::nft_list_ruleset::ast::Block, what, name)
BOOST_FUSION_ADAPT_STRUCT(vtyguard::parsers::lnx::nft_list_ruleset::ast::ChainSpec, type, hook, priority, policy)
