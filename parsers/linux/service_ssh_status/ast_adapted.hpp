#pragma once

#include <boost/fusion/include/adapt_struct.hpp>

#include "parsers/linux/service_ssh_status/ast.hpp"

BOOST_FUSION_ADAPT_STRUCT(vtyguard::parsers::lnx::service_ssh_status::ast::Header, unit, description)
BOOST_FUSION_ADAPT_STRUCT(vtyguard::parsers::lnx::service_ssh_status::ast::Loaded, state, items)
BOOST_FUSION_ADAPT_STRUCT(vtyguard::parsers::lnx::service_ssh_status::ast::Active, state, sub_state)
BOOST_FUSION_ADAPT_STRUCT(vtyguard::parsers::lnx::service_ssh_status::ast::Sysv, name, state)
BOOST_FUSION_ADAPT_STRUCT(vtyguard::parsers::lnx::service_ssh_status::ast::Upstart, name, goal, state)
