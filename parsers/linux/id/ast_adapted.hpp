#pragma once

#include <boost/fusion/include/adapt_struct.hpp>

#include "parsers/linux/id/ast.hpp"

BOOST_FUSION_ADAPT_STRUCT(vtyguard::parsers::lnx::id::ast::Named, number, name)
BOOST_FUSION_ADAPT_STRUCT(vtyguard::parsers::lnx::id::ast::Identity, uid, gid, groups, context)
