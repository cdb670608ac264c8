#pragma once

#include <boost/fusion/include/adapt_struct.hpp>

#include "parsers/cisco_asa/show_route/ast.hpp"

// Hop and TableRoute are filled by semantic actions.
BOOST_FUSION_ADAPT_STRUCT(vtyguard::parsers::cisco_asa::show_route::ast::Entry, address, mask)
